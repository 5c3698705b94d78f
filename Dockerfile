# syntax=docker/dockerfile:1
#
# The Foldline web app for self-hosting: `next start` on a production build, with the source
# tree beside it (the embedded local job runner loads job code from source through tsx; with
# JOB_WORKERS=0 the app only queues jobs and a worker computes them: docker-compose.yml).
#
#   docker build -t foldline-app .
#
# The GPU worker has its own image: workers/gpu/Dockerfile.

ARG NODE_VERSION=20.20.2

FROM node:${NODE_VERSION}-bookworm-slim AS base
# npm 11 honours package.json's allowScripts (the lockfile was written by it).
RUN npm install -g npm@11.19.1

FROM base AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/lockfile-stubs.mjs scripts/
# The app computes on CPU: no CUDA download for ONNX Runtime (tfjs-node-gpu's install script is
# not in allowScripts, so it stays uninstalled and TF.js trains on WASM).
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM base AS runtime
RUN groupadd --system foldline \
 && useradd --system --gid foldline --home-dir /app --no-create-home --shell /usr/sbin/nologin foldline
WORKDIR /app
COPY --from=build /app ./
# .data holds the local artifact folder and PGlite when DATABASE_URL and S3_BUCKET are unset.
RUN mkdir -p .data && chown foldline:foldline .data
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000
EXPOSE 3000
USER foldline
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# AUTH_SECRET comes from the environment (next start is called directly: scripts/prepare-env.mjs
# would write a generated one into .env.local, which a container forgets).
CMD ["node", "node_modules/next/dist/bin/next", "start", "-H", "0.0.0.0"]
