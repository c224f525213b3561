import { api } from '../../api/client';
import { navigate } from '../route';
import { lastAnalyst } from './analyst';

/** The title a new empty dossier gets until the analyst types one (a title cannot be empty). */
export const UNTITLED = 'Untitled dossier';

/** Starts an empty dossier and opens it. */
export async function newDossier(): Promise<void> {
  const analyst = lastAnalyst();
  const dossier = await api['dossiers.create']({ title: UNTITLED, ...(analyst ? { analyst } : {}) });
  navigate({ name: 'dossiers', dossierId: dossier.id });
}

/** "New dossier from entity": the core drafts it from the entity's evidence; it opens ready to edit. */
export async function newDossierFromEntity(entityId: number): Promise<void> {
  const analyst = lastAnalyst();
  const dossier = await api['dossiers.fromEntity']({ entityId, ...(analyst ? { analyst } : {}) });
  navigate({ name: 'dossiers', dossierId: dossier.id });
}
