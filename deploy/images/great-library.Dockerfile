# syntax=docker/dockerfile:1
# The great-library image. Written from deploy/images/Dockerfile.template by
# `bash tools/deploy/images.sh write` (make check-chart fails when it is stale); built by
# `make images`:  docker build -f deploy/images/great-library.Dockerfile -t codex/great-library .
# The chart runs it as `node services/great-library/dist/main.js serve|migrate`.

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY . .
# Not `npm ci`: see the Makefile's install target; the lock still pins every version.
RUN npm install --no-audit --no-fund --no-save \
 && NX_DAEMON=false npx nx run great-library:build --output-style=static \
 && npm prune --omit=dev --no-audit --no-fund
# Only what the service runs: production node_modules, package.json and dist of each lib and
# of the service (workspace links in node_modules point at them).
RUN mkdir -p /out/services/great-library \
 && cp -a package.json node_modules /out/ \
 && for lib in libs/*/; do \
      if [ -d "$lib/dist" ]; then mkdir -p "/out/$lib" && cp -a "$lib/package.json" "$lib/dist" "/out/$lib"; fi; \
    done \
 && cp -a services/great-library/package.json services/great-library/dist /out/services/great-library/

# Distroless: no shell or package manager; runs as uid 65532 (the chart's runAsUser).
FROM gcr.io/distroless/nodejs24-debian12:nonroot
ENV NODE_ENV=production NODE_OPTIONS="--enable-source-maps --disable-warning=TimeoutNegativeWarning"
WORKDIR /app
COPY --from=build /out ./
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/nodejs/bin/node"]
CMD ["services/great-library/dist/main.js", "serve"]
