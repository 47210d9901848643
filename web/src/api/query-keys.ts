// The cache keys of what the UI reads. A feature's query key starts with one of these, so a live
// event (events/) can refresh every view of what changed: ['directory', 'hack', 'keys'] is
// refreshed by a change in hack/.

export const queryKeys = {
  directories: ['directories'] as const,
  /** Everything read about one directory: keys, change sets, history, template, agents of it. */
  directory: (name: string) => ['directory', name] as const,
  agents: ['agents'] as const,
  backups: ['backups'] as const,
  catalog: ['catalog'] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
  audit: ['audit'] as const,
};
