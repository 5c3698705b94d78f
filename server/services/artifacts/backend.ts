/**
 * Artifact storage backends: a few primitives each (MLflow's artifact_repo pattern); shared
 * behaviour (content addressing, key checks) lives once in ./store.ts above them.
 */
export interface ArtifactBackend {
  readonly kind: "local" | "s3";
  put(key: string, body: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  exists(key: string): Promise<boolean>;
}
