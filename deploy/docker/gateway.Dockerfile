# syntax=docker/dockerfile:1.7
# The runtime gateway image, built from source. From the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t gatehouse/gateway:local .
# The image runs the executable runtime-gateway/target/gatehouse-gateway.jar: hybrid mode from
# GATEHOUSE_GATEWAY_CONTROL_PLANE + GATEHOUSE_GATEWAY_TOKEN, or DB-less with `--config /path/kong.yaml`.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl runtime-gateway -am package -DskipTests \
 && cp runtime-gateway/target/gatehouse-gateway.jar /gatehouse-gateway.jar

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 gatehouse \
 && useradd --system --uid 10001 --gid gatehouse --home-dir /var/lib/gatehouse-gateway --shell /usr/sbin/nologin gatehouse \
 && mkdir -p /opt/gatehouse /var/lib/gatehouse-gateway \
 && chown gatehouse:gatehouse /var/lib/gatehouse-gateway
COPY --from=build /gatehouse-gateway.jar /opt/gatehouse/gatehouse-gateway.jar

# Hybrid mode adds the control plane's sync listener to dial (GATEHOUSE_GATEWAY_CONTROL_PLANE=wss://host:8005/v1/sync)
# and the gateway token; the disk cache keeps the last applied config, so a restarted gateway serves without the
# control plane.
ENV GATEHOUSE_GATEWAY_PROXY_PORT=8000 \
    GATEHOUSE_GATEWAY_STATUS_PORT=8100 \
    GATEHOUSE_GATEWAY_TLS_PORT=8443 \
    GATEHOUSE_GATEWAY_CACHE_DIR=/var/lib/gatehouse-gateway \
    JAVA_OPTS=""
WORKDIR /var/lib/gatehouse-gateway
VOLUME /var/lib/gatehouse-gateway
USER 10001:10001
# 8000: proxied API traffic. 8443: the same over TLS (HTTP/2 and HTTP/1.1), with the configuration's
# certificates. 8100: status port (/status, /metrics); keep it off the public network.
EXPOSE 8000 8443 8100

HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fs -o /dev/null "http://127.0.0.1:${GATEHOUSE_GATEWAY_STATUS_PORT}/status" || exit 1

# DB-less mode: append `--config /etc/gatehouse/kong.yaml` (mount the file) to the container's command.
ENTRYPOINT ["sh", "-c", "exec java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError $JAVA_OPTS -jar /opt/gatehouse/gatehouse-gateway.jar \"$@\"", "gatehouse-gateway"]
