# One image for every service; the Helm chart picks the entry point per Deployment:
#   docker build -t codex . && docker run codex services/aetherium/dist/main.js
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY libs/actions/package.json libs/actions/
COPY libs/auth/package.json libs/auth/
COPY libs/config/package.json libs/config/
COPY libs/connectors/package.json libs/connectors/
COPY libs/contracts/package.json libs/contracts/
COPY libs/credentials/package.json libs/credentials/
COPY libs/messaging/package.json libs/messaging/
COPY libs/persistence/package.json libs/persistence/
COPY libs/platform/package.json libs/platform/
COPY libs/telemetry/package.json libs/telemetry/
COPY libs/testing/package.json libs/testing/
COPY services/gateway/package.json services/gateway/
COPY services/aetherium/package.json services/aetherium/
COPY services/hall-of-faces/package.json services/hall-of-faces/
COPY services/great-library/package.json services/great-library/
COPY services/engine-core/package.json services/engine-core/
COPY services/oracle/package.json services/oracle/
COPY tests/e2e/package.json tests/e2e/
COPY bench/package.json bench/
RUN npm install --no-audit --no-fund --no-save
COPY . .
RUN NX_DAEMON=false npx nx run-many -t build --exclude e2e,testing,bench \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production NODE_OPTIONS="--enable-source-maps --disable-warning=TimeoutNegativeWarning"
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/libs ./libs
COPY --from=build /src/services ./services
USER node
ENTRYPOINT ["node"]
CMD ["services/gateway/dist/main.js"]
