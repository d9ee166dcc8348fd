/** `npm run docs:errors`: regenerates the code tables in docs/errors.md from the error catalogues. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderErrorsDoc } from '../src/common/errors/errors-doc';

const file = join(__dirname, '..', '..', 'docs', 'errors.md');
writeFileSync(file, renderErrorsDoc(readFileSync(file, 'utf8')));
console.log(`Updated ${file}`);
