// The backups endpoints the screen calls, and the shapes of their answers.
import { answer, api } from '../../api/client';
import type { RestoreRequest } from './backup-text';

export const listBackups = () => answer(api.GET('/api/v1/backups'));
export type BackupList = Awaited<ReturnType<typeof listBackups>>;
export type BackupListing = BackupList['backups'][number];

export const readSettings = () => answer(api.GET('/api/v1/backups/settings'));
export type BackupSettingsView = Awaited<ReturnType<typeof readSettings>>;

export const readManifest = (id: string) =>
  answer(api.GET('/api/v1/backups/{id}', { params: { path: { id } } }));

export const verifyBackup = (id: string) =>
  answer(api.POST('/api/v1/backups/{id}/verify', { params: { path: { id } } }));

export type VerifyResult = Awaited<ReturnType<typeof verifyBackup>> & { readonly at: string };

export const makeBackup = () => answer(api.POST('/api/v1/backups', { body: {} }));
export type BackupManifest = Awaited<ReturnType<typeof makeBackup>>;

export const restore = (request: RestoreRequest) => answer(api.POST('/api/v1/restore', { body: request }));
export type RestorePlan = Awaited<ReturnType<typeof restore>>;
