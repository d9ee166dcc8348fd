# The bash prelude of every checked document's session (scripts/docs-check). It defines:
# - curl: the real curl plus `-D <file>` (to see each response's status) and `--max-time` (a
#   forgotten stream cannot hang the run; a later --max-time/-m in the doc wins), with the body teed
#   to a file. Each request appends "<status> <body file> <curl exit code>" to $__D/calls.
# - npm: what the harness does itself (npm ci/install/start/test, npm run build) is skipped with a
#   note; `npm run token -- ...` runs the compiled token script (same code, no rebuild per token);
#   anything else stops the document (mark its block `no-run <reason>`).
# - __block/__block_end/__expect/__check: the claim checks. A failed check prints
#   "DOCS-CHECK FAILED <where>: <why>" and ends the session with exit code 3. __expect_json notes
#   which response a ```json block describes; the harness compares them after the session.
__D="$DOCS_CHECK_DIR"
# Through pipes: the harness's stdio are sockets, which `tee /dev/stderr` in a doc cannot open.
exec 1> >(cat) 2> >(cat >&2)
: > "$__D/calls"
# A failure inside $(...) only ends that subshell: the marker file ends the session at the next check.
__fail() { printf '\nDOCS-CHECK FAILED %s: %s\n' "$1" "$2" >&2; echo "$1" >> "$__D/failed"; exit 3; }
__failed() { [ ! -s "$__D/failed" ] || exit 3; }
__calls() { wc -l < "$__D/calls" | tr -d ' '; }
curl() {
  local tmp hdr rc status body arg prev="" own="" out=""
  tmp=$(mktemp "$__D/h.XXXXXX")
  hdr="$tmp"
  # A doc's own -D/--dump-header wins (curl keeps the last): read the status where it goes.
  for arg in "$@"; do
    case "$prev" in -D|--dump-header) own="$arg" ;; -o|--output) out="$arg" ;; esac
    prev="$arg"
  done
  command curl --max-time "$DOCS_CHECK_CURL_MAX_TIME" -D "$tmp" "$@" | tee "$tmp.body"
  rc=${PIPESTATUS[0]}
  case "$own" in
    "") ;;
    -) hdr="$tmp.body" ;;
    *) hdr="$own" ;;
  esac
  status=$(awk '/^HTTP\//{s=$2} END{print s}' "$hdr" 2>/dev/null)
  # With -o the body is in the doc's file (relative to the session's directory).
  case "$out" in
    ""|-|/dev/null) body="$tmp.body" ;;
    /*) body="$out" ;;
    *) body="$PWD/$out" ;;
  esac
  printf '%s %s %s\n' "${status:-000}" "$body" "$rc" >> "$__D/calls"
  return "$rc"
}
npm() {
  local pos=() rest=() seen=0 x
  for x in "$@"; do
    if [ "$seen" = 1 ]; then rest+=("$x")
    elif [ "$x" = "--" ]; then seen=1
    else case "$x" in -s|--silent|-q|--quiet) ;; *) pos+=("$x") ;; esac
    fi
  done
  case "${pos[0]}" in
    ci|install|i|start|test|t) echo "# docs-check: 'npm ${pos[0]}' is what the harness does itself: skipped" >&2; return 0 ;;
  esac
  case "${pos[*]}" in
    "run token") node "$DOCS_CHECK_TOKEN_SCRIPT" "${rest[@]}" ;;
    "run build"|"run start"|"run start:prod"|"run test"|"run test:"*) echo "# docs-check: 'npm ${pos[*]}' skipped (the harness built and started the service)" >&2; return 0 ;;
    *) __fail "${__WHERE:-?}" "'npm $*' cannot run in a checked walkthrough: mark its block no-run with a reason" ;;
  esac
}
__block() { __WHERE="$1"; __BLOCK_START=$(__calls); }
__block_end() {
  local line
  __failed
  while read -r line; do
    set -- $line
    case "$1" in
      000) __fail "$__WHERE" "a request in this block got no HTTP response (curl exit $3)" ;;
      5??) __fail "$__WHERE" "a request in this block answered $1: $(head -c 600 "$2")" ;;
    esac
  done < <(tail -n +$((__BLOCK_START + 1)) "$__D/calls")
}
__expect() { __EXPECT="$1"; __EXPECT_AT="$2"; __MARK=$(__calls); }
__check() {
  local n last
  __failed
  n=$(__calls)
  [ "$n" -gt "$__MARK" ] || __fail "$__EXPECT_AT" "claims $__EXPECT but made no HTTP request"
  last=$(tail -n 1 "$__D/calls")
  set -- $last
  [ "$1" = "$__EXPECT" ] || __fail "$__EXPECT_AT" "claims $__EXPECT, got $1: $(head -c 600 "$2")"
}
# The harness compares the body with the JSON shown after the session (containsSubset).
__expect_json() {
  local last
  last=$(tail -n 1 "$__D/calls")
  [ -n "$last" ] || __fail "$2" "expects a response body but no request was made"
  set -- "$1" "$2" $last
  cp "$4" "$__D/json.$1" 2>/dev/null || : > "$__D/json.$1"
  printf '%s %s %s\n' "$1" "$__D/json.$1" "$2" >> "$__D/json-checks"
}
