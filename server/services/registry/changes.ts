/**
 * A process-wide counter that registry writes bump whenever what an alias or a stage names may
 * change (an alias set or deleted, a version's stage changed). Readers that cache such
 * resolutions (serving) keep an entry only while the counter is unchanged, so the request after
 * a move in this process sees the new version. It lives on globalThis: Next.js may load a module
 * once per route bundle, and the registry's writers (tRPC, MLflow REST) and the predict route
 * are different bundles. Writers bump inside their transaction, so a resolution racing the
 * commit may keep the previous version until its cache's TTL runs out, as other processes do.
 */
const holder = globalThis as unknown as { foldlineRegistryGeneration?: number };

export const registryGeneration = (): number => holder.foldlineRegistryGeneration ?? 0;

export function bumpRegistryGeneration(): void {
  holder.foldlineRegistryGeneration = registryGeneration() + 1;
}
