// Where the workspace lives: --home DIR, else IMGPLAN_HOME, else the user's data folder
// (e.g. ~/.local/share/imgplan). Kept apart so start-up loads nothing else of the store.
import path from 'node:path';
import envPaths from 'env-paths';

export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = flag ?? (env.IMGPLAN_HOME || undefined);
  return path.resolve(chosen ?? envPaths('imgplan', { suffix: '' }).data);
}
