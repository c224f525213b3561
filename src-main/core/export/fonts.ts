import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const cache = new Map<string, string>();

/**
 * resources/print.css with its fonts inlined as data: URLs. The document then
 * carries its fonts wherever it is printed or opened (Electron's hidden window,
 * Chromium through playwright-core, the HTML file on another computer), and
 * no runtime has to be allowed to read files for it. Read once per process.
 */
export function printStylesheet(resourcesDir: string): string {
  let css = cache.get(resourcesDir);
  if (css === undefined) {
    const fontsDir = join(resourcesDir, 'fonts');
    css = readFileSync(join(resourcesDir, 'print.css'), 'utf8').replace(
      /url\(fonts\/([a-z0-9-]+\.woff2)\)/g,
      (_m, file: string) => `url(data:font/woff2;base64,${readFileSync(join(fontsDir, file)).toString('base64')})`,
    );
    cache.set(resourcesDir, css);
  }
  return css;
}
