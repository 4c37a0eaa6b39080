import { readFileSync } from 'fs';
import * as path from 'path';

/**
 * This package's version (package.json): lib/core/ and dist/core/ are both two levels below it.
 *
 * @internal
 */
export const PACKAGE_VERSION: string = (() => {
  try {
    return String(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  } catch {
    return 'unknown';
  }
})();
