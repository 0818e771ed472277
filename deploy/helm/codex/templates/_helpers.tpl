{{- define "codex.labels" -}}
app.kubernetes.io/part-of: codex
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{- define "codex.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* Environment shared by a service's pods and its migration job. Call with (dict "root" $ "name" $name "svc" $svc). */}}
{{- define "codex.env" -}}
{{- if .svc.databaseSecret }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .svc.databaseSecret }}
      key: DATABASE_URL
{{- end }}
{{- if eq .name "gateway" }}
{{- range $var, $service := dict "AETHERIUM_URL" "aetherium" "HALL_OF_FACES_URL" "hall-of-faces" "GREAT_LIBRARY_URL" "great-library" "ENGINE_CORE_URL" "engine-core" "ORACLE_URL" "oracle" }}
- name: {{ $var }}
  value: http://{{ $.root.Release.Name }}-{{ $service }}
{{- end }}
{{- end }}
{{- with .root.Values.auth }}
- name: AUTH_ISSUER_URL
  value: {{ required "auth.issuerUrl is required" .issuerUrl | quote }}
- name: AUTH_AUDIENCE
  value: {{ .audience | quote }}
- name: AUTH_TENANT_CLAIM
  value: {{ .tenantClaim | quote }}
- name: AUTH_ROLES_CLAIM
  value: {{ .rolesClaim | quote }}
{{- with .jwksUrl }}
- name: AUTH_JWKS_URL
  value: {{ . | quote }}
{{- end }}
{{- with .builtinIssuerUrl }}
- name: AUTH_BUILTIN_ISSUER_URL
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if .root.Values.redis.existingSecret }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.redis.existingSecret }}
      key: REDIS_URL
{{- else }}
- name: REDIS_URL
  value: {{ required "redis.url or redis.existingSecret is required" .root.Values.redis.url | quote }}
{{- end }}
- name: KAFKA_BROKERS
  value: {{ required "kafka.brokers is required" .root.Values.kafka.brokers | quote }}
- name: KAFKA_TOPIC_PREFIX
  value: {{ .root.Values.kafka.topicPrefix | quote }}
- name: KAFKA_REPLICATION_FACTOR
  value: {{ .root.Values.kafka.replicationFactor | quote }}
- name: LOG_LEVEL
  value: {{ .root.Values.logLevel | quote }}
- name: OTEL_TRACES_EXPORTER
  value: {{ .root.Values.otel.tracesExporter | quote }}
{{- with .svc.env }}
{{ toYaml . }}
{{- end }}
{{- with .root.Values.otel.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- end }}
