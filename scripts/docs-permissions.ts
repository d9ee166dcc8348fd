/** `npm run docs:permissions`: regenerates the table in docs/permissions.md from the code. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsMarkdownTable } from '../src/common/auth/permissions';

const file = join(__dirname, '..', '..', 'docs', 'permissions.md');
const begin = '<!-- permissions-table:begin -->';
const end = '<!-- permissions-table:end -->';
const doc = readFileSync(file, 'utf8');
const i = doc.indexOf(begin);
const j = doc.indexOf(end);
if (i < 0 || j < 0) throw new Error(`${file} lacks the ${begin} / ${end} markers`);
writeFileSync(file, `${doc.slice(0, i + begin.length)}\n${permissionsMarkdownTable()}\n${doc.slice(j)}`);
console.log(`Updated ${file}`);
