import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCitations, paragraphAt } from '../../../src-main/core/dossiers/check';
import { draftFromEntity, editorState, heading } from '../../../src-main/core/dossiers/draft';
import { createDossier } from '../../../src-main/core/dossiers/repository';
import { Exporter } from '../../../src-main/core/export/exporter';
import { exportsDirOf } from '../../../src-main/core/export/files';
import { deletePassage } from '../../../src-main/core/passages/repository';
import { REPO_ROOT, useTempDirs } from '../../support/tmp';
import { quote } from '../notes/build';
import { sampleNotebook, type SampleNotebook } from '../export/fixture';

const tempDir = useTempDirs();
let s: SampleNotebook;
beforeEach(async () => {
  s = await sampleNotebook(tempDir(), { fast: true });
});
afterEach(() => s.nb.close());

/*
 * The source texts are immutable and passages are re-anchored when a text is
 * re-extracted, so a quote that no longer matches can only come from a
 * damaged or hand-edited notebook, or a re-anchoring that failed. The tests
 * make those states directly in the file.
 */
const corrupt = (passageId: number, exact: string): void =>
  void s.nb.db.prepare('UPDATE passages SET exact = ? WHERE id = ?').run(exact, passageId);
const orphan = (passageId: number): void =>
  void s.nb.db.prepare("UPDATE passages SET status = 'orphan' WHERE id = ?").run(passageId);

const exporter = (): Exporter => new Exporter({ resourcesDir: join(REPO_ROOT, 'resources') });

describe('the citation check', () => {
  it('passes a dossier whose quotes all match their sources', () => {
    const d = draftFromEntity(s.nb.db, s.personId);
    expect(checkCitations(s.nb.db, d.id)).toEqual({ quotes: 3, problems: [] });
  });

  it('finds a quote that no longer matches the source text at its offsets', () => {
    const d = draftFromEntity(s.nb.db, s.personId);
    corrupt(s.passages[0]!, 'natural enemies');
    expect(checkCitations(s.nb.db, d.id)).toEqual({
      quotes: 3,
      problems: [
        {
          passageId: s.passages[0],
          sourceId: s.sourceId,
          sourceTitle: 'Russia, Pakistan natural allies',
          kind: 'mismatch',
          exact: 'natural enemies',
          found: 'natural allies',
          message:
            '“natural enemies” no longer matches its source in “Russia, Pakistan natural allies”, which now reads “natural allies” there.',
        },
      ],
    });
  });

  it('finds orphans, and quotes of passages deleted or gone', () => {
    const d = createDossier(s.nb.db, {
      title: 'Quotes',
      content: editorState([heading('h2', 'Quotes'), quote(s.passages[0]!), quote(s.passages[1]!), quote(999)]),
    });
    orphan(s.passages[0]!);
    deletePassage(s.nb.db, s.passages[1]!);
    const { quotes, problems } = checkCitations(s.nb.db, d.id);
    expect(quotes).toBe(3);
    expect(problems.map((p) => [p.passageId, p.kind, p.sourceId])).toEqual([
      [s.passages[0], 'orphan', s.sourceId],
      [s.passages[1], 'missing', s.sourceId],
      [999, 'missing', null],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      '“natural allies” could not be found again in “Russia, Pakistan natural allies” after its text was re-extracted (an orphan).',
      '“Russian Deputy Prime Minister Alexei Overchuk” was deleted (it is in the trash).',
      'Passage 999 is gone from the notebook, with its source.',
    ]);
  });

  it('checks the passages of live evidence blocks too, as the export prints them', () => {
    const d = draftFromEntity(s.nb.db, s.personId);
    orphan(s.passages[2]!);
    expect(checkCitations(s.nb.db, d.id).problems.map((p) => p.passageId)).toEqual([s.passages[2]]);
  });

  it('stops the export, writing nothing, until the analyst chooses to export anyway', async () => {
    const d = draftFromEntity(s.nb.db, s.personId);
    corrupt(s.passages[0]!, 'natural enemies');
    orphan(s.passages[2]!);
    const ex = exporter();
    const refused = ex.run(s.nb, { dossierId: d.id, format: 'md' }, () => {});
    await expect(refused).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        /^The citation check found 2 problems: “natural enemies” no longer matches .* Export anyway/,
      ),
    });
    const dir = exportsDirOf(s.nb.file);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);

    const forced = await ex.run(s.nb, { dossierId: d.id, format: 'md', force: true }, () => {});
    const md = readFileSync(forced.path, 'utf8');
    // Exported anyway, the problems are marked in the notes, not hidden.
    expect(md).toMatch(/\[\^1\]: .*\*\*Citation check: the source now reads “natural allies” here\.\*\*/);
    expect(md).toMatch(/\[\^3\]: .*\*\*Citation check: this passage could not be found again in its source\.\*\*/);
    expect(md).not.toMatch(/\[\^2\]: .*Citation check/);
  });
});

describe('paragraph numbers', () => {
  it('count the blank-line separated blocks of the text, as the reader draws them', () => {
    const text = 'Title line\n\nFirst paragraph.\nStill first.\n\n\n\nSecond paragraph.';
    expect(paragraphAt(text, 0)).toBe(1);
    expect(paragraphAt(text, text.indexOf('First'))).toBe(2);
    expect(paragraphAt(text, text.indexOf('Still'))).toBe(2);
    expect(paragraphAt(text, text.indexOf('Second'))).toBe(3);
  });
});
