/** Realistic, secure config files: none holds a credential (passwords come from files, env placeholders, or secrets). */
export const CONFIGS: Array<[string, string]> = [
  ['prometheus.yml (bearer_token_file, basic_auth password_file, tls_config)', `global:
  scrape_interval: 15s
  evaluation_interval: 15s
rule_files:
  - /etc/prometheus/rules/*.yml
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['alertmanager:9093']
scrape_configs:
  - job_name: 'kubernetes-apiservers'
    scheme: https
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    tls_config:
      ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
      cert_file: /etc/prometheus/tls/client.crt
      key_file: /etc/prometheus/tls/client.key
      insecure_skip_verify: false
  - job_name: 'node'
    basic_auth:
      username: prometheus
      password_file: /run/secrets/node_exporter_password
    static_configs:
      - targets: ['node-exporter:9100']
  - job_name: 'app'
    authorization:
      type: Bearer
      credentials_file: /run/secrets/app_token
    oauth2:
      client_id: prometheus
      client_secret_file: /run/secrets/oauth_client_secret
      token_url: https://auth.example.com/oauth2/token
    static_configs:
      - targets: ['app:8080']
`],
  ['alertmanager.yml (smtp_auth_password_file, api_url_file)', `global:
  resolve_timeout: 5m
  smtp_smarthost: 'smtp.example.com:587'
  smtp_from: 'alertmanager@example.com'
  smtp_auth_username: 'alertmanager'
  smtp_auth_password_file: /run/secrets/smtp_password
  smtp_require_tls: true
  slack_api_url_file: /run/secrets/slack_webhook
route:
  receiver: team-ops
  group_by: ['alertname', 'cluster']
  group_wait: 30s
  repeat_interval: 4h
receivers:
  - name: team-ops
    email_configs:
      - to: ops@example.com
        send_resolved: true
    slack_configs:
      - channel: '#alerts'
        send_resolved: true
    pagerduty_configs:
      - routing_key_file: /run/secrets/pagerduty_key
    webhook_configs:
      - url_file: /run/secrets/webhook_url
        http_config:
          authorization:
            credentials_file: /run/secrets/webhook_token
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: ['alertname']
`],
  ['grafana.ini ($__file{} password, disable_login_form, cookie settings)', `[server]
protocol = http
http_port = 3000
domain = grafana.example.com
root_url = https://grafana.example.com/

[database]
type = postgres
host = db:5432
name = grafana
user = grafana
password = $__file{/run/secrets/grafana_db_password}
ssl_mode = require

[security]
admin_user = admin
admin_password = $__file{/run/secrets/grafana_admin_password}
secret_key = $__file{/run/secrets/grafana_secret_key}
disable_gravatar = true
cookie_secure = true
cookie_samesite = strict
allow_embedding = false

[auth]
disable_login_form = true
disable_signout_menu = false
oauth_auto_login = true

[auth.generic_oauth]
enabled = true
name = Keycloak
client_id = grafana
client_secret = $__env{GF_OAUTH_CLIENT_SECRET}
scopes = openid email profile
auth_url = https://sso.example.com/realms/main/protocol/openid-connect/auth
token_url = https://sso.example.com/realms/main/protocol/openid-connect/token
api_url = https://sso.example.com/realms/main/protocol/openid-connect/userinfo

[users]
allow_sign_up = false
`],
  ['grafana.ini minimal ([auth] disable_login_form, [security] only flags)', `[security]
disable_initial_admin_creation = true
cookie_secure = true
[auth]
disable_login_form = true
[auth.anonymous]
enabled = false
`],
  ['nginx.conf (auth_basic_user_file, ssl_certificate_key, proxy_set_header Authorization $http_authorization)', `user nginx;
worker_processes auto;
error_log /var/log/nginx/error.log warn;
pid /tmp/nginx.pid;

events {
    worker_connections 1024;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" '
                    '"$http_user_agent" "$http_x_forwarded_for"';
    access_log /var/log/nginx/access.log main;
    sendfile on;
    server_tokens off;

    server {
        listen 8443 ssl http2;
        server_name app.example.com;
        ssl_certificate /run/secrets/tls.crt;
        ssl_certificate_key /run/secrets/tls.key;
        ssl_password_file /run/secrets/tls.pass;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_ciphers HIGH:!aNULL:!MD5;
        add_header Strict-Transport-Security "max-age=63072000" always;

        location /admin/ {
            auth_basic "Restricted";
            auth_basic_user_file /run/secrets/htpasswd;
            proxy_pass http://admin:8080/;
        }

        location /api/ {
            proxy_pass http://api:8080/;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header Authorization $http_authorization;
            proxy_pass_header Authorization;
            proxy_set_header Cookie $http_cookie;
        }
    }
}
`],
  ['traefik.yml (static, file provider, dashboard basicAuth usersFile)', `entryPoints:
  web:
    address: ":8080"
    http:
      redirections:
        entryPoint:
          to: websecure
          scheme: https
  websecure:
    address: ":8443"
providers:
  swarm:
    endpoint: "tcp://socket-proxy:2375"
    exposedByDefault: false
    network: proxy
  file:
    filename: /etc/traefik/dynamic.yml
certificatesResolvers:
  le:
    acme:
      email: ops@example.com
      storage: /data/acme.json
      tlsChallenge: {}
api:
  dashboard: true
log:
  level: INFO
accessLog:
  filePath: /var/log/traefik/access.log
  fields:
    headers:
      defaultMode: drop
      names:
        Authorization: redact
        Cookie: redact
`],
  ['traefik dynamic.yml (basicAuth usersFile, forwardAuth authResponseHeaders)', `http:
  middlewares:
    dashboard-auth:
      basicAuth:
        usersFile: /run/secrets/dashboard_users
        removeHeader: true
    sso:
      forwardAuth:
        address: "http://oauth2-proxy:4180/oauth2/auth"
        trustForwardHeader: true
        authResponseHeaders:
          - Authorization
          - X-Auth-Request-User
          - X-Auth-Request-Email
  routers:
    dashboard:
      rule: "Host(\`traefik.example.com\`)"
      service: api@internal
      middlewares: [dashboard-auth]
      tls:
        certResolver: le
tls:
  certificates:
    - certFile: /run/secrets/tls.crt
      keyFile: /run/secrets/tls.key
  options:
    default:
      minVersion: VersionTLS12
`],
  ['traefik.toml', `[entryPoints]
  [entryPoints.web]
    address = ":8080"
  [entryPoints.websecure]
    address = ":8443"
[providers.swarm]
  endpoint = "tcp://socket-proxy:2375"
  exposedByDefault = false
[api]
  dashboard = true
[certificatesResolvers.le.acme]
  email = "ops@example.com"
  storage = "/data/acme.json"
  [certificatesResolvers.le.acme.dnsChallenge]
    provider = "cloudflare"
    delayBeforeCheck = 0
`],
  ['haproxy.cfg (no passwords; stats auth off, ssl crt path)', `global
    log stdout format raw local0
    maxconn 4096
    user haproxy
    group haproxy
    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets
    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256

defaults
    mode http
    log global
    option httplog
    option forwardfor
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend fe_https
    bind :8443 ssl crt /run/secrets/site.pem alpn h2,http/1.1
    http-request set-header X-Forwarded-Proto https
    http-request del-header Authorization if { path_beg /public }
    default_backend be_app

backend be_app
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    server app1 app1:8080 check
    server app2 app2:8080 check
`],
  ['haproxy.cfg userlist with password hashes (secure: hashed)', `userlist admins
    user admin password $6$rounds=656000$YQKzTgL1bsy5L0Pn$hRxfvYR2d8rIq.1s7ZK0CTbT0vY1XMFZC6y5ZQG9v0
listen stats
    bind :8404
    stats enable
    stats uri /stats
    acl auth_ok http_auth(admins)
    http-request auth unless auth_ok
`],
  ['redis.conf (no requirepass; requirepass commented out; aclfile)', `bind 0.0.0.0
protected-mode yes
port 6379
tcp-backlog 511
timeout 0
tcp-keepalive 300
daemonize no
supervised no
loglevel notice
databases 16
save 900 1
save 300 10
dir /data
appendonly yes
appendfsync everysec
aclfile /run/secrets/redis-users.acl
# requirepass foobared
# masterauth <master-password>
# masteruser <username>
rename-command FLUSHALL ""
rename-command CONFIG ""
maxmemory 256mb
maxmemory-policy allkeys-lru
`],
  ['redis.conf stock comment block about requirepass', `################################## SECURITY ###################################

# Warning: since Redis is pretty fast, an outside user can try up to
# 1 million passwords per second against a modern box. This means that you
# should use very strong passwords, otherwise they will be very easy to break.
# Note that because the password is really a shared secret between the client
# and the server, and should not be memorized by any human, the password
# can be easily a long string from /dev/urandom or whatever, so by using a
# long and unguessable password no brute force attack will be possible.

# IMPORTANT NOTE: starting with Redis 6 "requirepass" is just a compatibility
# layer on top of the new ACL system. The option effect will be just setting
# the password for the default user. Clients will still authenticate using
# AUTH <password> as usually, or more explicitly with AUTH default <password>
# if they follow the new protocol: both will work.
#
# The requirepass is not compatible with aclfile option and the ACL LOAD
# command, these will cause requirepass to be ignored.
#
# requirepass foobared
`],
  ['postgresql.conf', `listen_addresses = '*'
port = 5432
max_connections = 200
shared_buffers = 256MB
password_encryption = scram-sha-256
ssl = on
ssl_cert_file = '/run/secrets/server.crt'
ssl_key_file = '/run/secrets/server.key'
ssl_ca_file = '/run/secrets/ca.crt'
ssl_min_protocol_version = 'TLSv1.2'
log_connections = on
log_disconnections = on
log_line_prefix = '%m [%p] %q%u@%d '
hba_file = '/etc/postgresql/pg_hba.conf'
krb_server_keyfile = 'FILE:/etc/postgresql/krb5.keytab'
`],
  ['pg_hba.conf (md5/scram lines)', `# TYPE  DATABASE        USER            ADDRESS                 METHOD
local   all             postgres                                peer
local   all             all                                     scram-sha-256
host    all             all             127.0.0.1/32            scram-sha-256
host    all             all             ::1/128                 scram-sha-256
hostssl app             app             10.0.0.0/8              scram-sha-256
hostssl replication     replicator      10.0.0.0/8              md5
host    all             all             0.0.0.0/0               reject
`],
  ['mosquitto.conf (password_file, acl_file, certfile/keyfile)', `persistence true
persistence_location /mosquitto/data/
log_dest stdout
allow_anonymous false
password_file /run/secrets/mosquitto_passwd
acl_file /mosquitto/config/acl
listener 8883
certfile /run/secrets/server.crt
keyfile /run/secrets/server.key
cafile /run/secrets/ca.crt
require_certificate false
tls_version tlsv1.2
`],
  ['vault agent HCL (auto_auth approle, token_ttl, secret_id_file_path)', `pid_file = "/tmp/pidfile"
vault {
  address = "https://vault.example.com:8200"
  ca_cert = "/run/secrets/vault-ca.pem"
}
auto_auth {
  method "approle" {
    mount_path = "auth/approle"
    config = {
      role_id_file_path = "/run/secrets/role_id"
      secret_id_file_path = "/run/secrets/secret_id"
      remove_secret_id_file_after_reading = false
    }
  }
  sink "file" {
    config = {
      path = "/run/vault/token"
      mode = 0640
    }
  }
}
cache {
  use_auto_auth_token = true
}
template {
  source      = "/etc/vault/templates/db.ctmpl"
  destination = "/run/app/db.env"
}
`],
  ['vault server HCL (storage raft, listener tls, seal transit with token from env)', `ui = true
disable_mlock = true
storage "raft" {
  path    = "/vault/data"
  node_id = "vault-1"
}
listener "tcp" {
  address       = "0.0.0.0:8200"
  tls_cert_file = "/run/secrets/vault.crt"
  tls_key_file  = "/run/secrets/vault.key"
  tls_min_version = "tls12"
}
api_addr = "https://vault-1.example.com:8200"
cluster_addr = "https://vault-1.example.com:8201"
default_lease_ttl = "168h"
max_lease_ttl = "720h"
`],
  ['consul HCL (acl with tokens from agent defaults off, encrypt via file)', `datacenter = "dc1"
data_dir = "/consul/data"
log_level = "INFO"
server = true
bootstrap_expect = 3
retry_join = ["consul-1", "consul-2", "consul-3"]
encrypt_verify_incoming = true
encrypt_verify_outgoing = true
acl {
  enabled = true
  default_policy = "deny"
  enable_token_persistence = true
  token_ttl = "30s"
}
tls {
  defaults {
    ca_file = "/run/secrets/consul-ca.pem"
    cert_file = "/run/secrets/consul.pem"
    key_file = "/run/secrets/consul-key.pem"
    verify_incoming = true
    verify_outgoing = true
  }
}
`],
  ['Spring application.yml with ${DB_PASSWORD} placeholders', `server:
  port: 8080
spring:
  application:
    name: orders
  datasource:
    url: jdbc:postgresql://db:5432/orders
    username: \${DB_USER:orders}
    password: \${DB_PASSWORD}
    hikari:
      maximum-pool-size: 10
  security:
    oauth2:
      client:
        registration:
          keycloak:
            client-id: orders
            client-secret: \${OAUTH_CLIENT_SECRET}
            authorization-grant-type: authorization_code
            scope: openid
      resourceserver:
        jwt:
          issuer-uri: https://sso.example.com/realms/main
  rabbitmq:
    host: rabbitmq
    username: orders
    password: \${RABBITMQ_PASSWORD}
management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
`],
  ['Spring application.properties with ${DB_PASSWORD}', `spring.application.name=orders
spring.datasource.url=jdbc:postgresql://db:5432/orders
spring.datasource.username=orders
spring.datasource.password=\${DB_PASSWORD}
spring.jpa.hibernate.ddl-auto=validate
spring.security.oauth2.client.registration.keycloak.client-secret=\${OAUTH_CLIENT_SECRET}
server.ssl.key-store=/run/secrets/keystore.p12
server.ssl.key-store-password=\${KEYSTORE_PASSWORD}
server.ssl.key-store-type=PKCS12
management.endpoints.web.exposure.include=health,info
`],
  ['Spring application.yml with file: config import / configtree', `spring:
  config:
    import: "optional:configtree:/run/secrets/"
  datasource:
    url: jdbc:postgresql://db:5432/orders
    username: orders
    password: \${db_password}
`],
  ['.env.example with empty values', `# Copy to .env and fill in
APP_ENV=production
DB_HOST=db
DB_USER=app
DB_PASSWORD=
API_KEY=
JWT_SECRET=
SMTP_PASSWORD=
`],
  ['Kubernetes-style YAML (secretKeyRef, secretName)', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.2.3
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db-credentials
                  key: password
            - name: API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: api-token
                  key: token
          volumeMounts:
            - name: tls
              mountPath: /etc/tls
              readOnly: true
      volumes:
        - name: tls
          secret:
            secretName: api-tls
      imagePullSecrets:
        - name: regcred
`],
  ['K8s YAML with env name/value referencing a file', `env:
  - name: DB_PASSWORD_FILE
    value: /run/secrets/db_password
  - name: TOKEN_PATH
    value: /var/run/secrets/token
`],
  ['JSON schema describing a password field', `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Database connection",
  "type": "object",
  "properties": {
    "host": { "type": "string" },
    "user": { "type": "string" },
    "password": { "type": "string", "writeOnly": true, "minLength": 12, "description": "The password of the user" },
    "apiKey": { "type": "string", "format": "password" },
    "token": { "$ref": "#/definitions/token" }
  },
  "required": ["host", "user", "password"]
}
`],
  ['OpenAPI doc with securitySchemes and password property', `openapi: 3.0.3
info:
  title: Users API
  version: 1.0.0
paths:
  /login:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                username:
                  type: string
                password:
                  type: string
                  format: password
                  example: "********"
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
      bearerFormat: JWT
    apiKey:
      type: apiKey
      in: header
      name: X-API-Key
security:
  - bearerAuth: []
`],
  ['OpenAPI doc: password schema with a string enum/description inline', `components:
  schemas:
    Credentials:
      type: object
      properties:
        password:
          description: "Password of the account; never logged"
          type: string
        token:
          readOnly: true
          type: string
`],
  ['logback.xml (masking pattern)', `<?xml version="1.0" encoding="UTF-8"?>
<configuration scan="true" scanPeriod="30 seconds">
  <property name="LOG_PATTERN" value="%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n"/>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder class="net.logstash.logback.encoder.LogstashEncoder">
      <fieldNames>
        <timestamp>ts</timestamp>
      </fieldNames>
      <jsonGeneratorDecorator class="net.logstash.logback.mask.MaskingJsonGeneratorDecorator">
        <defaultMask>****</defaultMask>
        <path>password</path>
        <path>token</path>
        <value>(?i)bearer\\s+\\S+</value>
      </jsonGeneratorDecorator>
    </encoder>
  </appender>
  <logger name="org.springframework.security" level="INFO"/>
  <root level="INFO">
    <appender-ref ref="STDOUT"/>
  </root>
</configuration>
`],
  ['log4j2.xml', `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Properties>
    <Property name="pattern">%d{HH:mm:ss.SSS} [%t] %-5level %logger{36} - %replace{%msg}{password=\\S+}{password=***}%n</Property>
  </Properties>
  <Appenders>
    <Console name="Console" target="SYSTEM_OUT">
      <PatternLayout pattern="\${pattern}"/>
    </Console>
  </Appenders>
  <Loggers>
    <Logger name="com.zaxxer.hikari" level="warn"/>
    <Root level="info">
      <AppenderRef ref="Console"/>
    </Root>
  </Loggers>
</Configuration>
`],
  ['systemd unit (LoadCredential, EnvironmentFile)', `[Unit]
Description=Orders API
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=orders
Group=orders
EnvironmentFile=-/etc/orders/orders.env
LoadCredential=db-password:/etc/credstore/orders-db-password
Environment=DB_PASSWORD_FILE=%d/db-password
ExecStart=/usr/bin/orders --config /etc/orders/config.yml --db-password-file=\${CREDENTIALS_DIRECTORY}/db-password
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
Restart=on-failure

[Install]
WantedBy=multi-user.target
`],
  ['Caddyfile (basicauth with bcrypt hash)', `{
    email ops@example.com
    admin off
}

app.example.com {
    encode zstd gzip
    basicauth /admin/* {
        admin $2a$14$Zkx19XLiW6VYouLHR5NmfOFU0z2GTNmpkT/5qqR7hx4IjWJPDhjvG
    }
    reverse_proxy api:8080 {
        header_up Authorization {http.request.header.Authorization}
        header_up X-Real-IP {remote_host}
    }
    tls /run/secrets/tls.crt /run/secrets/tls.key
}
`],
  ['Caddyfile (no auth)', `:8080 {
    root * /srv
    file_server
    header {
        Strict-Transport-Security "max-age=31536000;"
        -Server
    }
}
`],
  ['Dockerfile-like text', `FROM registry.example.com/base@sha256:${'b'.repeat(64)}
ARG APP_VERSION=1.0.0
ENV APP_HOME=/app \\
    DB_PASSWORD_FILE=/run/secrets/db_password
WORKDIR /app
COPY --chown=10001:10001 target/app.jar /app/app.jar
RUN --mount=type=secret,id=npm_token,target=/run/secrets/npm_token \\
    NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci --omit=dev
USER 10001:10001
HEALTHCHECK --interval=30s CMD ["/app/healthcheck"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
`],
  ['docker-compose-like YAML with secrets: references', `version: "3.9"
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
  api:
    image: registry.example.com/api:1.2.3
    environment:
      DB_PASSWORD_FILE: /run/secrets/db_password
      JWT_SECRET_FILE: /run/secrets/jwt_secret
    secrets:
      - source: db_password
        target: db_password
        mode: 0400
      - jwt_secret
secrets:
  db_password:
    external: true
  jwt_secret:
    file: ./secrets/jwt_secret.txt
`],
  ['Terraform-ish HCL (variables marked sensitive, references)', `variable "db_password" {
  type      = string
  sensitive = true
}
resource "docker_secret" "db" {
  name = "db_password"
  data = base64encode(var.db_password)
}
provider "vault" {
  address = "https://vault.example.com:8200"
  auth_login {
    path = "auth/approle/login"
    parameters = {
      role_id   = var.role_id
      secret_id = var.secret_id
    }
  }
}
`],
  ['Terraform-ish HCL with password = var.x', `resource "postgresql_role" "app" {
  name     = "app"
  login    = true
  password = var.app_password
}
`],
  ['pgbouncer.ini (auth_file, auth_type scram)', `[databases]
app = host=db port=5432 dbname=app

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
auth_type = scram-sha-256
auth_file = /run/secrets/userlist.txt
auth_query = SELECT usename, passwd FROM pg_shadow WHERE usename=$1
pool_mode = transaction
max_client_conn = 500
server_tls_sslmode = verify-full
client_tls_key_file = /run/secrets/pgbouncer.key
client_tls_cert_file = /run/secrets/pgbouncer.crt
`],
  ['my.cnf (no password)', `[mysqld]
bind-address = 0.0.0.0
default_authentication_plugin = caching_sha2_password
require_secure_transport = ON
ssl_ca = /run/secrets/ca.pem
ssl_cert = /run/secrets/server-cert.pem
ssl_key = /run/secrets/server-key.pem
validate_password.policy = STRONG
validate_password.length = 14
[client]
user = app
`],
  ['rabbitmq.conf (no default_pass; auth backends)', `listeners.tcp = none
listeners.ssl.default = 5671
ssl_options.cacertfile = /run/secrets/ca.pem
ssl_options.certfile = /run/secrets/server.pem
ssl_options.keyfile = /run/secrets/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = true
auth_mechanisms.1 = EXTERNAL
auth_backends.1 = internal
loopback_users.guest = true
default_user = admin
password_hashing_module = rabbit_password_hashing_sha512
management.ssl.port = 15671
`],
  ['sshd_config (PasswordAuthentication no)', `Port 2222
PermitRootLogin no
PasswordAuthentication no
PermitEmptyPasswords no
ChallengeResponseAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile /etc/ssh/authorized_keys/%u
HostKey /run/secrets/ssh_host_ed25519_key
`],
  ['Keycloak/OIDC client JSON (public client, no secret)', `{
  "realm": "main",
  "auth-server-url": "https://sso.example.com/",
  "ssl-required": "all",
  "resource": "web",
  "public-client": true,
  "confidential-port": 0,
  "credentials": {}
}
`],
  ['fluent-bit.conf (tls, http_user via env)', `[SERVICE]
    Flush        5
    Log_Level    info
    Parsers_File parsers.conf

[INPUT]
    Name   forward
    Listen 0.0.0.0
    Port   24224

[OUTPUT]
    Name            es
    Match           *
    Host            elasticsearch
    Port            9200
    HTTP_User       fluentbit
    HTTP_Passwd     \${ES_PASSWORD}
    tls             On
    tls.verify      On
    tls.ca_file     /run/secrets/es-ca.pem
`],
  ['elasticsearch.yml (xpack security, keystore path)', `cluster.name: logs
node.name: es-1
network.host: 0.0.0.0
xpack.security.enabled: true
xpack.security.transport.ssl.enabled: true
xpack.security.transport.ssl.verification_mode: certificate
xpack.security.transport.ssl.keystore.path: /run/secrets/elastic-certificates.p12
xpack.security.transport.ssl.truststore.path: /run/secrets/elastic-certificates.p12
xpack.security.http.ssl.enabled: true
xpack.security.authc.token.enabled: true
xpack.security.authc.api_key.enabled: true
`],
  ['loki / promtail config (basic_auth password_file)', `server:
  http_listen_port: 9080
clients:
  - url: http://loki:3100/loki/api/v1/push
    tenant_id: ops
    basic_auth:
      username: promtail
      password_file: /run/secrets/loki_password
    bearer_token_file: /run/secrets/loki_token
positions:
  filename: /tmp/positions.yaml
`],
  ['oauth2-proxy.cfg (secrets via file)', `http_address = "0.0.0.0:4180"
upstreams = ["http://app:8080/"]
provider = "oidc"
oidc_issuer_url = "https://sso.example.com/realms/main"
client_id = "oauth2-proxy"
client_secret_file = "/run/secrets/oauth2_client_secret"
cookie_secret_file = "/run/secrets/cookie_secret"
cookie_secure = true
cookie_samesite = "lax"
email_domains = ["example.com"]
pass_authorization_header = true
set_authorization_header = true
skip_auth_routes = ["GET=^/healthz$"]
`],
  ['nginx snippet: map $http_authorization / if ($http_authorization = "")', `map $http_authorization $auth_present {
    default 1;
    ""      0;
}
server {
    listen 8080;
    location / {
        if ($http_authorization = "") { return 401; }
        proxy_pass http://app:8080;
    }
}
`],
  ['Envoy YAML (sds secrets from file, jwt_authn)', `static_resources:
  listeners:
    - name: https
      address:
        socket_address: { address: 0.0.0.0, port_value: 8443 }
      filter_chains:
        - transport_socket:
            name: envoy.transport_sockets.tls
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
              common_tls_context:
                tls_certificates:
                  - certificate_chain: { filename: /run/secrets/tls.crt }
                    private_key: { filename: /run/secrets/tls.key }
          filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: ingress
                http_filters:
                  - name: envoy.filters.http.jwt_authn
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication
                      providers:
                        sso:
                          issuer: https://sso.example.com/realms/main
                          remote_jwks:
                            http_uri: { uri: "https://sso.example.com/realms/main/protocol/openid-connect/certs", cluster: sso, timeout: 5s }
                          forward: true
`],
  ['Gitea app.ini ([security] INSTALL_LOCK, secrets via URI file)', `APP_NAME = Gitea
RUN_MODE = prod
[server]
DOMAIN = git.example.com
ROOT_URL = https://git.example.com/
[database]
DB_TYPE = postgres
HOST = db:5432
NAME = gitea
USER = gitea
PASSWD = \`file:/run/secrets/gitea_db_password\`
[security]
INSTALL_LOCK = true
SECRET_KEY_URI = file:/run/secrets/gitea_secret_key
INTERNAL_TOKEN_URI = file:/run/secrets/gitea_internal_token
PASSWORD_HASH_ALGO = argon2
MIN_PASSWORD_LENGTH = 12
PASSWORD_COMPLEXITY = lower,upper,digit
[oauth2]
JWT_SECRET_URI = file:/run/secrets/gitea_jwt_secret
`],
  ['PHP-style config array with getenv', `<?php
return [
    'db' => [
        'host' => getenv('DB_HOST'),
        'user' => getenv('DB_USER'),
        'password' => getenv('DB_PASSWORD'),
    ],
    'session' => ['cookie_secure' => true],
];
`],
  ['Node config JSON with env placeholders (config package custom-environment-variables)', `{
  "db": {
    "host": "DB_HOST",
    "password": "DB_PASSWORD"
  },
  "jwt": {
    "secret": "JWT_SECRET"
  }
}
`],
  ['Java properties file with ${env:...} (Quarkus / log4j lookups)', `quarkus.datasource.username=app
quarkus.datasource.password=\${DB_PASSWORD}
quarkus.oidc.credentials.secret=\${OIDC_SECRET}
quarkus.http.ssl.certificate.key-store-password=\${env:KEYSTORE_PASSWORD}
`],
  ['Helm-ish / Go template placeholders', `database:
  password: "{{ .Values.db.password }}"
  token: {{ env "API_TOKEN" }}
`],
  ['Ansible-ish vault lookup', `db_password: "{{ lookup('file', '/run/secrets/db_password') }}"
api_token: "{{ vault_api_token }}"
`],
  ['Vector / OTEL collector config (${env:VAR})', `exporters:
  otlphttp:
    endpoint: https://otlp.example.com
    headers:
      Authorization: "Bearer \${env:OTLP_TOKEN}"
extensions:
  basicauth/client:
    client_auth:
      username: otel
      password: \${env:OTLP_PASSWORD}
`],
  ['Spring YAML with Authorization header via placeholder', `feign:
  client:
    config:
      default:
        defaultRequestHeaders:
          Authorization: Bearer \${API_TOKEN}
`],
  ['dex/ldap config with bindPW from env', `connectors:
  - type: ldap
    id: ldap
    config:
      host: ldap.example.com:636
      bindDN: cn=dex,dc=example,dc=com
      bindPW: $LDAP_BIND_PASSWORD
      userSearch:
        baseDN: ou=people,dc=example,dc=com
`],
  ['.netrc-style documentation comment', `# Credentials are not stored here: use a .netrc with "machine api.example.com login ci password <token>"
endpoint = https://api.example.com
`],
  ['sudoers-like / PAM (password keyword as module type)', `auth     required pam_unix.so
account  required pam_unix.so
password required pam_unix.so sha512 shadow
session  required pam_unix.so
`],
  ['nginx: password in a comment on a setting', `# password protection is configured in auth.conf
include /etc/nginx/auth.conf;
`],
  ['README-ish text: "The password is read from /run/secrets/db"', `This service reads its database password from /run/secrets/db_password.
Set DB_PASSWORD_FILE to point elsewhere.
`],
  ['YAML: password_policy block (settings about a password)', `password_policy:
  min_length: 14
  require_symbols: true
password_reset:
  enabled: true
  token_validity: 1h
`],
  ['YAML: token endpoint and key ids', `oidc:
  token_endpoint: https://sso.example.com/token
  jwks_uri: https://sso.example.com/certs
  signing_key_id: 2024-01
  token_endpoint_auth_method: private_key_jwt
`],
  ['Public certificate bundle (PEM CERTIFICATE)', `-----BEGIN CERTIFICATE-----
MIIBszCCAVmgAwIBAgIUV4y7nV7k1oZt3aE2Ihn1gq+Q0YcwCgYIKoZIzj0EAwIw
-----END CERTIFICATE-----
`],
  ['SSH known_hosts / authorized_keys (public keys)', `github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
`],
  ['PEM public key', `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
-----END PUBLIC KEY-----
`],
  ['PGP public key block (ASCII armor header)', `-----BEGIN PGP PUBLIC KEY BLOCK-----

mDMEZQ==
-----END PGP PUBLIC KEY BLOCK-----
`],
  ['PGP signature (clearsigned release file)', `-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA256

Origin: Example
-----BEGIN PGP SIGNATURE-----

iQIzBAEBCAAdFiEE
-----END PGP SIGNATURE-----
`],
  ['URL with a user but no password (git, ssh, postgres)', `repo: ssh://git@git.example.com:2222/ops/config.git
db_url: postgres://app@db:5432/app?sslmode=verify-full
`],
  ['URL with placeholder password ${DB_PASSWORD}', `DATABASE_URL=postgres://app:\${DB_PASSWORD}@db:5432/app
`],
  ['URL with IPv6 host and port', `upstream: http://[2001:db8::1]:8080/path
`],
  ['URL with @ in path (npm scope, mailto)', `registry: https://registry.npmjs.org/@myorg/pkg
link: https://github.com/user:branch@v1/x
`],
  ['Cron and docs URLs with @ after colon', `health: http://app:8080/@health
`],
  ['Java properties: key pointers', `javax.net.ssl.keyStore=/run/secrets/keystore.jks
javax.net.ssl.keyStorePassword=\${KEYSTORE_PASSWORD}
javax.net.ssl.trustStore=/etc/ssl/truststore.jks
`],
  ['Kafka server.properties (SASL via JAAS file)', `listeners=SASL_SSL://:9093
security.inter.broker.protocol=SASL_SSL
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.enabled.mechanisms=SCRAM-SHA-512
ssl.keystore.location=/run/secrets/kafka.keystore.jks
ssl.keystore.password=\${file:/run/secrets/kafka.properties:keystore.password}
ssl.key.password=\${file:/run/secrets/kafka.properties:key.password}
ssl.truststore.location=/run/secrets/kafka.truststore.jks
ssl.client.auth=required
`],
  ['Rails database.yml with ERB ENV', `production:
  adapter: postgresql
  host: db
  database: app
  username: app
  password: <%= ENV["DB_PASSWORD"] %>
`],
  ['Django-ish settings (os.environ)', `SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": os.environ.get("DB_PASSWORD")}}
`],
  ['Jenkins CasC (credentials via ${} interpolation)', `jenkins:
  securityRealm:
    local:
      allowsSignup: false
      users:
        - id: admin
          password: \${readFile:/run/secrets/jenkins_admin_password}
`],
  ['YAML: password key set to !secret (Home Assistant)', `http:
  ssl_certificate: /ssl/fullchain.pem
  ssl_key: /ssl/privkey.pem
mqtt:
  password: !secret mqtt_password
`],
  ['YAML: password key with vault reference (spring cloud vault / sops)', `db:
  password: vault:secret/data/db#password
`],
  // `.env.example` with `DB_PASSWORD=changeme` is NOT here: a default password ships as the password if nobody changes
  // it, so flagging it is intended (test/checks/credential-scan.test.ts)

  ['dhparam.pem (nginx ssl_dhparam: public DH parameters)', `-----BEGIN DH PARAMETERS-----
MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
-----END DH PARAMETERS-----
`],
  ['EC parameters (openssl ecparam output, public)', `-----BEGIN EC PARAMETERS-----
BggqhkjOPQMBBw==
-----END EC PARAMETERS-----
`],
  ['PKCS7 certificate chain (public)', `-----BEGIN PKCS7-----
MIIC
-----END PKCS7-----
`],
  ['ini: empty password with spaces around =', `[database]
host = db
user = app
password =
`],
  ['ini: password = ${DB_PASSWORD}', `[database]
password = \${DB_PASSWORD}
`],
  ['postgresql.conf stock commented settings', `#password_encryption = scram-sha-256	# scram-sha-256 or md5
#ssl_passphrase_command = ''
#krb_server_keyfile = 'FILE:\${sysconfdir}/krb5.keytab'
`],
  ['mosquitto.conf stock comment', `# password_file the path to a password file. If defined, the contents of the file are
# used to control client access to the broker.
#password_file
`],
  ['YAML comment mentioning a password', `db:
  host: db
  # the password is read from /run/secrets/db_password
`],
  ['XML comment mentioning a password', `<config>
  <!-- password: provided by the DB_PASSWORD_FILE secret -->
  <host>db</host>
</config>
`],
  ['gitea: PASSWORD_HASH_ALGO and PASSWORD_COMPLEXITY settings', `[security]
PASSWORD_HASH_ALGO = argon2
PASSWORD_COMPLEXITY = lower,upper,digit
`],
  ['token/session expiry settings (expiration, seconds)', `auth:
  access_token_expiration: 15m
  refresh_token_expiration_seconds: 86400
  session_cookie_max_age: 3600
`],
  ['keycloak-ish: passwordPolicy', `realm: main
passwordPolicy: "length(12) and digits(1) and notUsername"
bruteForceProtected: true
`],
  ['grafana: client_secret = $__env{}', `[auth.generic_oauth]
client_secret = $__env{GF_OAUTH_CLIENT_SECRET}
`],
  ['JSON schema: password field without description', `{"type":"object","properties":{"password":{"type":"string","minLength":12}}}
`],
  ['docker config.json with credsStore (no auth)', `{
  "credsStore": "ecr-login",
  "credHelpers": { "registry.example.com": "pass" },
  "auths": { "registry.example.com": {} }
}
`],
  ['nginx: proxy_set_header Authorization "" (clears header)', `location /public/ {
    proxy_set_header Authorization "";
    proxy_pass http://app:8080;
}
`],
  ['nginx: proxy_set_header Cookie $http_cookie only', `proxy_set_header Cookie $http_cookie;
`],
  ['Traefik accessLog headers: Authorization drop', `accessLog:
  fields:
    headers:
      names:
        Authorization: drop
`],
  ['Spring session cookie settings', `server:
  servlet:
    session:
      cookie:
        http-only: true
        secure: true
        same-site: strict
`],
  ['OpenAPI parameter: Authorization header described', `parameters:
  - in: header
    name: Authorization
    required: true
    schema:
      type: string
    description: "Authorization: Bearer <token>"
`],
];
