/**
 * Another Casebook process for tests: opens the notebook named on the command
 * line (taking its lock), says `ready`, and keeps it open until killed.
 *
 *   node --import tsx test/support/hold-notebook.ts FILE
 */
import { openNotebook } from '../../src-main/core/db/notebook';

const nb = openNotebook(process.argv[2]!);
process.stdout.write('ready\n');
setInterval(() => nb.db.prepare('SELECT 1').get(), 1000);
