/** The dashboard page: semantic HTML, text labels alongside every colour, sizes in rem so 200% zoom reflows. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Care coordination dashboard</title>
<style>
  :root { font-family: Arial, Helvetica, sans-serif; font-size: 100%; color: #0b0c0c; background: #f3f2f1; }
  body { margin: 0; }
  [hidden] { display: none !important; }
  header { background: #005eb8; color: #fff; padding: 0.75rem 1rem; }
  header h1 { margin: 0; font-size: 1.5rem; }
  header a { color: #fff; font-weight: bold; }
  #account { margin: 0.25rem 0 0; }
  main { padding: 1rem; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 28rem), 1fr)); }
  section { background: #fff; padding: 0.75rem 1rem; border: 1px solid #b1b4b6; min-width: 0; }
  section h2 { margin-top: 0; font-size: 1.2rem; }
  section.wide { grid-column: 1 / -1; }
  table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
  th, td { text-align: left; padding: 0.25rem 0.4rem; border-bottom: 1px solid #d8dde0; vertical-align: top; }
  caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
  .status { font-weight: bold; padding: 0 0.3rem; border: 2px solid; border-radius: 0.2rem; white-space: nowrap; }
  .status-available { border-color: #007f3b; } .status-occupied { border-color: #005eb8; }
  .status-reserved { border-color: #ffb81c; } .status-closed, .status-cleaning { border-color: #425563; }
  .breached { color: #d5281b; font-weight: bold; }
  .muted { color: #4c6272; }
  form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; padding: 0.75rem 1rem; background: #fff; border-bottom: 1px solid #b1b4b6; }
  label { font-weight: bold; display: block; }
  input[type=password] { font-size: 1rem; padding: 0.4rem; width: min(40rem, 90vw); }
  button { font-size: 1rem; padding: 0.45rem 1rem; background: #007f3b; color: #fff; border: 0; cursor: pointer; }
  button:focus, input:focus, a:focus { outline: 3px solid #ffeb3b; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
  #alerts li { margin-bottom: 0.3rem; }
  svg text { font-size: 12px; fill: #0b0c0c; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
</style>
</head>
<body>
<header><h1>Care coordination dashboard</h1>
  <p id="account"><a id="signin" href="/auth/login?returnTo=/dashboard">Sign in with your organisation account</a><span id="signed-in" hidden><span id="signed-in-as"></span> <button type="button" id="signout">Sign out</button></span></p>
</header>
<form id="login" autocomplete="off">
  <div>
    <label for="token">Bearer token</label>
    <input id="token" name="token" type="password" required aria-describedby="token-hint">
    <div id="token-hint" class="muted">Or paste a token (in development: <code>npm run token -- --roles bed_manager --teams ... --org ...</code>). It is kept in this tab only.</div>
  </div>
  <button type="submit" id="connect">Show dashboard</button>
  <p id="who" class="muted" role="status" aria-live="polite"></p>
</form>
<main id="main" hidden>
  <section class="wide" aria-labelledby="h-beds"><h2 id="h-beds">Bed board</h2><div id="beds" aria-live="polite"></div></section>
  <section aria-labelledby="h-mix"><h2 id="h-mix">Step-down share of bed admissions against the 60/40 target</h2><div id="mix"></div></section>
  <section aria-labelledby="h-alerts"><h2 id="h-alerts">Live alerts</h2><p id="stream-state" class="muted" role="status"></p><ul id="alerts" aria-live="polite"></ul></section>
  <section class="wide" aria-labelledby="h-triage"><h2 id="h-triage">Triage queue and clocks</h2><div id="triage"></div><div id="inreach"></div></section>
  <section aria-labelledby="h-admissions"><h2 id="h-admissions">Today's admissions of known patients</h2><div id="admissions"></div></section>
  <section aria-labelledby="h-feeds"><h2 id="h-feeds">Hospital feeds</h2><div id="feeds"></div></section>
  <section aria-labelledby="h-coverage"><h2 id="h-coverage">Care-plan coverage</h2><div id="coverage"></div></section>
  <section aria-labelledby="h-discharge"><h2 id="h-discharge">Discharge board and delayed days</h2><div id="discharge"></div></section>
</main>
<script src="/dashboard/app.js"></script>
</body>
</html>
`;
