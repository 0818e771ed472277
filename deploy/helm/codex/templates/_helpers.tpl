{{- define "codex.labels" -}}
app.kubernetes.io/part-of: codex
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{/* Selects a service's serving pods. Call with (dict "root" $ "name" $name). */}}
{{- define "codex.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* A service's image: <registry>/<service>:<tag or appVersion>. Call with (dict "root" $ "name" $name). */}}
{{- define "codex.image" -}}
{{ .root.Values.image.registry }}/{{ .name }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- end }}

{{/* The built-in issuer's public URL: the Ingress host. */}}
{{- define "codex.publicUrl" -}}
{{ if .Values.ingress.tls.enabled }}https{{ else }}http{{ end }}://{{ .Values.ingress.host }}
{{- end }}

{{/* Services that seal or open cloud credentials, and so need the KEK (ADR 8). */}}
{{- define "codex.kekServices" -}}
aetherium engine-core hall-of-faces great-library
{{- end }}

{{/*
Every variable of a service that comes from a Secret, as YAML {refs: [...]}; each ref has
env, secret, key, optional, and — when the chart creates that Secret — created: true and
value. The one source for the pods' env, the created Secrets and the migration hook's
Secret. Call with (dict "root" $ "name" $name "svc" $svc).
*/}}
{{- define "codex.secretRefs" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $rel := $root.Release.Name -}}
{{- $refs := list -}}
{{- with .svc.database }}
{{- if .existingSecret }}
{{- $refs = append $refs (dict "env" "DATABASE_URL" "secret" .existingSecret "key" "DATABASE_URL") }}
{{- $refs = append $refs (dict "env" "DATABASE_MIGRATION_URL" "secret" .existingSecret "key" "DATABASE_MIGRATION_URL" "optional" true "migrateOnly" true) }}
{{- else }}
{{- $refs = append $refs (dict "env" "DATABASE_URL" "secret" (printf "%s-%s-db" $rel $.name) "key" "DATABASE_URL" "created" true "value" .url) }}
{{- with .migrationUrl }}
{{- $refs = append $refs (dict "env" "DATABASE_MIGRATION_URL" "secret" (printf "%s-%s-db" $rel $.name) "key" "DATABASE_MIGRATION_URL" "created" true "value" . "migrateOnly" true) }}
{{- end }}
{{- end }}
{{- end }}
{{- if $v.redis.existingSecret }}
{{- $refs = append $refs (dict "env" "REDIS_URL" "secret" $v.redis.existingSecret "key" "REDIS_URL") }}
{{- else }}
{{- $refs = append $refs (dict "env" "REDIS_URL" "secret" (printf "%s-redis" $rel) "key" "REDIS_URL" "created" true "value" $v.redis.url) }}
{{- end }}
{{- $authKeys := list "AUTH_ISSUER_URL" "AUTH_JWKS_URL" "AUTH_AUDIENCE" "AUTH_TENANT_CLAIM" "AUTH_ROLES_CLAIM" "AUTH_BUILTIN_ISSUER_URL" "AUTH_BUILTIN_JWKS_URL" }}
{{- if $v.auth.existingSecret }}
{{- range $authKeys }}
{{- $refs = append $refs (dict "env" . "secret" $v.auth.existingSecret "key" . "optional" (ne . "AUTH_ISSUER_URL")) }}
{{- end }}
{{- else }}
{{- $auth := include "codex.authSettings" $root | fromYaml }}
{{- range $key := $authKeys }}
{{- with get $auth $key }}
{{- $refs = append $refs (dict "env" $key "secret" (printf "%s-idp" $rel) "key" $key "created" true "value" .) }}
{{- end }}
{{- end }}
{{- end }}
{{- if has .name (splitList " " (include "codex.kekServices" $root)) }}
{{- if $v.credentials.existingSecret }}
{{- $refs = append $refs (dict "env" "CREDENTIALS_KEK" "secret" $v.credentials.existingSecret "key" "CREDENTIALS_KEK") }}
{{- $refs = append $refs (dict "env" "CREDENTIALS_KEK_ID" "secret" $v.credentials.existingSecret "key" "CREDENTIALS_KEK_ID" "optional" true) }}
{{- else }}
{{- $refs = append $refs (dict "env" "CREDENTIALS_KEK" "secret" (printf "%s-credentials" $rel) "key" "CREDENTIALS_KEK" "created" true "value" $v.credentials.kek) }}
{{- $refs = append $refs (dict "env" "CREDENTIALS_KEK_ID" "secret" (printf "%s-credentials" $rel) "key" "CREDENTIALS_KEK_ID" "created" true "value" $v.credentials.kekId) }}
{{- end }}
{{- end }}
{{- if eq .name "hall-of-faces" }}
{{- $bootstrap := dict "BOOTSTRAP_TENANT_SLUG" "tenantSlug" "BOOTSTRAP_ADMIN_EMAIL" "adminEmail" "BOOTSTRAP_ADMIN_PASSWORD" "adminPassword" "BOOTSTRAP_OPERATOR_EMAIL" "operatorEmail" "BOOTSTRAP_OPERATOR_PASSWORD" "operatorPassword" }}
{{- if $v.issuer.existingSecret }}
{{- $refs = append $refs (dict "env" "SIGNING_KEY_ENCRYPTION_KEY" "secret" $v.issuer.existingSecret "key" "SIGNING_KEY_ENCRYPTION_KEY") }}
{{- range $env, $_ := $bootstrap }}
{{- $refs = append $refs (dict "env" $env "secret" $v.issuer.existingSecret "key" $env "optional" true) }}
{{- end }}
{{- else }}
{{- $refs = append $refs (dict "env" "SIGNING_KEY_ENCRYPTION_KEY" "secret" (printf "%s-issuer" $rel) "key" "SIGNING_KEY_ENCRYPTION_KEY" "created" true "value" $v.issuer.signingKeyEncryptionKey) }}
{{- range $env, $field := $bootstrap }}
{{- with get ($v.issuer.bootstrap | default dict) $field }}
{{- $refs = append $refs (dict "env" $env "secret" (printf "%s-issuer" $rel) "key" $env "created" true "value" .) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- /* The oracle's LLM API key; serveOnly: its migration Job does not get it. */}}
{{- if eq .name "oracle" }}
{{- with .svc.llm }}
{{- if .existingSecret }}
{{- $refs = append $refs (dict "env" "LLM_API_KEY" "secret" .existingSecret "key" "LLM_API_KEY" "serveOnly" true) }}
{{- else if .apiKey }}
{{- $refs = append $refs (dict "env" "LLM_API_KEY" "secret" (printf "%s-llm" $rel) "key" "LLM_API_KEY" "created" true "value" .apiKey "serveOnly" true) }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml (dict "refs" $refs) }}
{{- end }}

{{/* "true" when the oracle's LLM analysis is configured (an API key from a Secret). Call with the service's values. */}}
{{- define "codex.llmConfigured" -}}
{{- with .llm }}{{ if or .existingSecret .apiKey }}true{{ end }}{{ end -}}
{{- end }}

{{/* The AUTH_* settings of a created IdP Secret, as YAML. */}}
{{- define "codex.authSettings" -}}
{{- $a := .Values.auth -}}
{{- $builtin := include "codex.publicUrl" . -}}
AUTH_AUDIENCE: {{ $a.audience | quote }}
AUTH_TENANT_CLAIM: {{ $a.tenantClaim | quote }}
AUTH_ROLES_CLAIM: {{ $a.rolesClaim | quote }}
{{- if $a.issuerUrl }}
AUTH_ISSUER_URL: {{ $a.issuerUrl | quote }}
{{- with $a.jwksUrl }}
AUTH_JWKS_URL: {{ . | quote }}
{{- end }}
AUTH_BUILTIN_ISSUER_URL: {{ $builtin | quote }}
AUTH_BUILTIN_JWKS_URL: {{ printf "http://%s-hall-of-faces/.well-known/jwks.json" .Release.Name | quote }}
{{- else }}
AUTH_ISSUER_URL: {{ $builtin | quote }}
{{- /* The built-in issuer's keys, fetched inside the cluster rather than through the Ingress. */}}
AUTH_JWKS_URL: {{ printf "http://%s-hall-of-faces/.well-known/jwks.json" .Release.Name | quote }}
{{- end }}
{{- end }}

{{/*
Environment shared by a service's pods and its migration Job.
Call with (dict "root" $ "name" $name "svc" $svc "migrate" bool).
*/}}
{{- define "codex.env" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
- name: PORT
  value: {{ .svc.port | quote }}
- name: SHUTDOWN_GRACE_MS
  value: {{ $v.shutdownGraceMs | quote }}
- name: KAFKA_BROKERS
  value: {{ $v.kafka.brokers | quote }}
- name: KAFKA_TOPIC_PREFIX
  value: {{ $v.kafka.topicPrefix | quote }}
- name: KAFKA_REPLICATION_FACTOR
  value: {{ $v.kafka.replicationFactor | quote }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: OTEL_TRACES_EXPORTER
  value: {{ $v.otel.tracesExporter | quote }}
{{- with $v.otel.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- if eq .name "gateway" }}
{{- range $var, $service := dict "AETHERIUM_URL" "aetherium" "HALL_OF_FACES_URL" "hall-of-faces" "GREAT_LIBRARY_URL" "great-library" "ENGINE_CORE_URL" "engine-core" "ORACLE_URL" "oracle" }}
- name: {{ $var }}
  value: http://{{ $root.Release.Name }}-{{ $service }}
{{- end }}
{{- end }}
{{- if eq .name "oracle" }}
- name: AETHERIUM_URL
  value: http://{{ $root.Release.Name }}-aetherium
{{- with .svc.llm }}
- name: LLM_BASE_URL
  value: {{ .baseUrl | quote }}
{{- with .models }}
- name: LLM_MODELS
  value: {{ . | quote }}
{{- end }}
- name: LLM_TIMEOUT_MS
  value: {{ .timeoutMs | int64 | quote }}
- name: LLM_MAX_RETRIES
  value: {{ .maxRetries | int64 | quote }}
- name: LLM_MONTHLY_TOKEN_BUDGET
  value: {{ .monthlyTokenBudget | int64 | quote }}
- name: LLM_MONTHLY_TOKEN_CAP
  value: {{ .monthlyTokenCap | int64 | quote }}
{{- with .prices }}
- name: LLM_PRICES
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq .name "gateway" }}
- name: PUBLIC_URL
  value: {{ include "codex.publicUrl" $root | quote }}
{{- end }}
{{- if eq .name "hall-of-faces" }}
- name: ISSUER_URL
  value: {{ include "codex.publicUrl" $root | quote }}
{{- /* The console signs in through the gateway's backend for frontend (ADR 18). */}}
- name: CONSOLE_REDIRECT_URIS
  value: {{ printf "%s/auth/callback" (include "codex.publicUrl" $root) | quote }}
{{- end }}
{{- $migrate := .migrate }}
{{- range (include "codex.secretRefs" . | fromYaml).refs }}
{{- if and (or $migrate (not .migrateOnly)) (not (and $migrate .serveOnly)) }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ if and $migrate .created }}{{ printf "%s-%s-migrate" $root.Release.Name $.name }}{{ else }}{{ .secret }}{{ end }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}
{{- with .svc.env }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The data of every Secret the chart creates for the release: {secretName: {key: value}}. */}}
{{- define "codex.createdSecrets" -}}
{{- $secrets := dict -}}
{{- range $name, $svc := .Values.services }}
{{- if $svc.enabled }}
{{- range (include "codex.secretRefs" (dict "root" $ "name" $name "svc" $svc) | fromYaml).refs }}
{{- if .created }}
{{- $data := get $secrets .secret | default dict }}
{{- $_ := set $data .key .value }}
{{- $_ := set $secrets .secret $data }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $secrets }}
{{- end }}

{{/* "true" when a ScaledObject (KEDA's CRDs present) or an HPA sets the service's replicas. Call with (dict "root" $ "svc" $svc). */}}
{{- define "codex.autoscaled" -}}
{{- $lag := and (.root.Capabilities.APIVersions.Has "keda.sh/v1alpha1/ScaledObject") .svc.kafkaLagScaling .svc.kafkaLagScaling.enabled -}}
{{- if or $lag .svc.autoscaling.enabled }}true{{ end -}}
{{- end }}
