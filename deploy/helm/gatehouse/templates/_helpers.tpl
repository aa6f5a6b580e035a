{{/* Names, labels and shared fragments of the Gatehouse chart. */}}

{{/* The chart's name, or nameOverride. */}}
{{- define "gatehouse.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's base name: fullnameOverride, or "<release>-<chart>" (just the release when it already names the chart). */}}
{{- define "gatehouse.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "gatehouse.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "gatehouse.controlPlane.fullname" -}}
{{- printf "%s-control-plane" (include "gatehouse.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gatehouse.sync.fullname" -}}
{{- printf "%s-sync" (include "gatehouse.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gatehouse.gateway.fullname" -}}
{{- printf "%s-gateway" (include "gatehouse.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The Secret this chart creates for credentials given as values. */}}
{{- define "gatehouse.credentials.fullname" -}}
{{- printf "%s-credentials" (include "gatehouse.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gatehouse.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "gatehouse.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: gatehouse
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "component" "control-plane"). */}}
{{- define "gatehouse.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gatehouse.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* An image reference; call with (dict "root" $ "image" .Values.controlPlane.image). */}}
{{- define "gatehouse.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* The URL users reach the console at. */}}
{{- define "gatehouse.publicUrl" -}}
{{- if .Values.controlPlane.publicUrl -}}
{{- .Values.controlPlane.publicUrl -}}
{{- else if .Values.ingress.enabled -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host -}}
{{- else -}}
{{- printf "http://%s" (include "gatehouse.controlPlane.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The sync listener gateways dial. */}}
{{- define "gatehouse.gateway.controlPlaneUrl" -}}
{{- if .Values.gateway.controlPlaneUrl -}}
{{- .Values.gateway.controlPlaneUrl -}}
{{- else -}}
{{- printf "%s://%s:%v/v1/sync" (ternary "wss" "ws" (not (empty .Values.controlPlane.syncTls.secretName))) (include "gatehouse.sync.fullname" .) .Values.controlPlane.syncService.port -}}
{{- end -}}
{{- end -}}

{{/* Pod and container security shared by both components: non-root (the images' uid 10001), no privilege gain. */}}
{{- define "gatehouse.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "gatehouse.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* The Redis settings both components read (planned: GATEHOUSE_REDIS_URL / GATEHOUSE_REDIS_PASSWORD). */}}
{{- define "gatehouse.redisEnv" -}}
{{- if .Values.redis.url }}
- name: GATEHOUSE_REDIS_URL
  value: {{ .Values.redis.url | quote }}
{{- if or .Values.redis.password .Values.redis.existingSecret }}
- name: GATEHOUSE_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default (include "gatehouse.credentials.fullname" .) .Values.redis.existingSecret }}
      key: {{ .Values.redis.passwordKey }}
{{- end }}
{{- end }}
{{- end -}}
