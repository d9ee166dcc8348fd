/**
 * A small strict reader of the iCalendar we write (used by tests and usable by clients of this
 * module): CRLF only, unfolds continuation lines, checks BEGIN/END nesting, returns the
 * components with their properties.
 */
export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}
export interface IcsComponent {
  type: string;
  properties: IcsProperty[];
  components: IcsComponent[];
}

export function parseIcs(text: string): IcsComponent {
  if (!text.endsWith('\r\n')) throw new Error('must end with CRLF');
  if (/(^|[^\r])\n/.test(text)) throw new Error('bare LF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const l of physical) if (Buffer.byteLength(l, 'utf8') > 75) throw new Error(`line longer than 75 octets: ${l.slice(0, 20)}`);
  const lines: string[] = [];
  for (const l of physical) {
    if (l.startsWith(' ') || l.startsWith('\t')) {
      if (!lines.length) throw new Error('continuation first');
      lines[lines.length - 1] += l.slice(1);
    } else lines.push(l);
  }
  const stack: IcsComponent[] = [];
  let root: IcsComponent | null = null;
  for (const line of lines) {
    const m = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*))*):(.*)$/.exec(line);
    if (!m) throw new Error(`bad content line: ${line.slice(0, 20)}`);
    const [, name, rawParams, value] = m;
    const params: Record<string, string> = {};
    for (const p of rawParams.match(/;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)/g) ?? []) {
      const [k, ...v] = p.slice(1).split('=');
      params[k.toUpperCase()] = v.join('=').replace(/^"|"$/g, '');
    }
    const upper = name.toUpperCase();
    if (upper === 'BEGIN') {
      const c: IcsComponent = { type: value.toUpperCase(), properties: [], components: [] };
      if (stack.length) stack[stack.length - 1].components.push(c);
      else if (root) throw new Error('more than one root');
      else root = c;
      stack.push(c);
    } else if (upper === 'END') {
      const c = stack.pop();
      if (!c || c.type !== value.toUpperCase()) throw new Error(`END:${value} does not close ${c?.type}`);
    } else {
      if (!stack.length) throw new Error('property outside a component');
      stack[stack.length - 1].properties.push({ name: upper, params, value });
    }
  }
  if (stack.length || !root) throw new Error('unclosed component');
  return root;
}

export function prop(c: IcsComponent, name: string): IcsProperty | undefined {
  return c.properties.find((p) => p.name === name);
}

export function unescapeText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
}
