{{/* Chart name, overridable. */}}
{{- define "parloir.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name; truncated to 63 chars (DNS label limit), and the release name alone when
it already contains the chart name. */}}
{{- define "parloir.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "parloir.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "parloir.selectorLabels" -}}
app.kubernetes.io/name: {{ include "parloir.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "parloir.labels" -}}
helm.sh/chart: {{ include "parloir.chart" . }}
{{ include "parloir.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "parloir.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The Secret holding ldap-bind-password (and admin-password when given): ours, or the user's. */}}
{{- define "parloir.secretName" -}}
{{- default (include "parloir.fullname" .) .Values.existingSecret }}
{{- end }}

{{/* The Secret holding admin-password: the one above, or the generated one when no password is given. */}}
{{- define "parloir.adminSecretName" -}}
{{- if or .Values.existingSecret .Values.admin.password }}
{{- include "parloir.secretName" . }}
{{- else }}
{{- include "parloir.fullname" . }}-admin
{{- end }}
{{- end }}

{{/* application.yml: the free-form `config` tree with the chart-managed keys written over it
(mustMergeOverwrite: later arguments win; empty values are left out so they never blank a key). */}}
{{- define "parloir.applicationYaml" -}}
{{- $sip := dict "port" .Values.sip.port }}
{{- with .Values.sip.advertisedAddress }}{{ $_ := set $sip "advertised-address" . }}{{ end }}
{{- if .Values.sip.tls.enabled }}{{ $_ := set $sip "tls-port" .Values.sip.tls.port }}{{ else }}{{ $_ := set $sip "transports" (list "udp" "tcp") }}{{ end }}
{{- $ldap := dict }}
{{- with .Values.ldap.url }}{{ $_ := set $ldap "url" . }}{{ end }}
{{- with .Values.ldap.bindDn }}{{ $_ := set $ldap "bind-dn" . }}{{ end }}
{{- $xmpp := dict "c2s-port" .Values.xmpp.c2sPort "c2s-tls-port" .Values.xmpp.directTlsPort }}
{{- $parloir := dict "domains" .Values.domains "sip" $sip "xmpp" $xmpp "admin" (dict "username" .Values.admin.username) }}
{{- with $ldap }}{{ $_ := set $parloir "ldap" . }}{{ end }}
{{- $media := dict "port-min" (int .Values.bridgeMedia.portMin) "port-max" (int .Values.bridgeMedia.portMax) }}
{{- with .Values.bridgeMedia.publicAddress }}{{ $_ := set $media "public-address" . }}{{ end }}
{{- $_ := set $parloir "bridge" (dict "media" $media) }}
{{- $management := dict "server" (dict "port" .Values.management.port) }}
{{- $managed := dict "parloir" $parloir "server" (dict "port" .Values.http.port) "management" $management }}
{{- toYaml (mustMergeOverwrite (deepCopy (.Values.config | default dict)) $managed) }}
{{- end }}

{{/* Service metadata and spec head; arguments: root (the top context), svc (its values), suffix. */}}
{{- define "parloir.serviceSpec" -}}
type: {{ .svc.type }}
{{- $policy := get .svc "externalTrafficPolicy" }}
{{- if and $policy (has .svc.type (list "LoadBalancer" "NodePort")) }}
externalTrafficPolicy: {{ $policy }}
{{- end }}
selector:
  {{- include "parloir.selectorLabels" .root | nindent 2 }}
{{- end }}
{{- define "parloir.serviceMeta" -}}
name: {{ include "parloir.fullname" .root }}{{ .suffix }}
labels:
  {{- include "parloir.labels" .root | nindent 2 }}
{{- with .svc.annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The bridge's media mode, checked: none, hostNetwork or nodePort (with a range a Service can list). */}}
{{- define "parloir.mediaMode" -}}
{{- $m := .Values.bridgeMedia }}
{{- if not (has $m.mode (list "none" "hostNetwork" "nodePort")) }}
{{- fail (printf "bridgeMedia.mode is none, hostNetwork or nodePort, not %v" $m.mode) }}
{{- end }}
{{- if and (eq $m.mode "nodePort") (gt (sub (int $m.portMax) (int $m.portMin)) 199) }}
{{- fail (printf "bridgeMedia.mode nodePort lists every port: %v-%v is more than 200 ports (set a smaller range inside the API server's --service-node-port-range, or use hostNetwork)" $m.portMin $m.portMax) }}
{{- end }}
{{- $m.mode }}
{{- end }}
