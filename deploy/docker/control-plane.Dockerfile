# syntax=docker/dockerfile:1.7
# The control plane image, built from source. From the repository root:
#   docker build -f deploy/docker/control-plane.Dockerfile -t gatehouse/control-plane:local .
# The build context excludes what control-plane.Dockerfile.dockerignore (next to this file) lists.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl control-ui -am package -DskipTests \
 && cp control-ui/target/gatehouse-control-plane.jar /gatehouse-control-plane.jar

FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK; nothing else is added to the base image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 gatehouse \
 && useradd --system --uid 10001 --gid gatehouse --home-dir /var/lib/gatehouse --shell /usr/sbin/nologin gatehouse \
 && mkdir -p /opt/gatehouse /var/lib/gatehouse \
 && chown gatehouse:gatehouse /var/lib/gatehouse
COPY --from=build /gatehouse-control-plane.jar /opt/gatehouse/gatehouse-control-plane.jar

# GATEHOUSE_DATA_DIR holds the embedded PostgreSQL when no GATEHOUSE_DB_URL is given (a single-container trial);
# with an external database it holds nothing the platform needs to keep.
ENV GATEHOUSE_PORT=8080 \
    GATEHOUSE_DATA_DIR=/var/lib/gatehouse \
    GATEHOUSE_FORWARD_HEADERS=native \
    JAVA_OPTS=""
WORKDIR /var/lib/gatehouse
VOLUME /var/lib/gatehouse
USER 10001:10001
# 8080: console, developer portal, REST API and actuator. 8005: the gateway sync listener (config sync).
EXPOSE 8080 8005

HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fs -o /dev/null "http://127.0.0.1:${GATEHOUSE_PORT}/actuator/health/readiness" || exit 1

# The heap follows the container's memory limit; an OutOfMemoryError ends the process so the orchestrator
# restarts it instead of leaving a half-working replica. SIGTERM starts Spring's graceful shutdown (20 s per phase).
ENTRYPOINT ["sh", "-c", "exec java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError $JAVA_OPTS -jar /opt/gatehouse/gatehouse-control-plane.jar \"$@\"", "gatehouse-control-plane"]
