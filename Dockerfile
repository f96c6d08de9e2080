# syntax=docker/dockerfile:1
# Tasker Worker Gateway: built with Maven, run on a JRE 21 as a non-root user.

# ---- build ----
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# dependencies first, so a source change does not download them again
COPY pom.xml ./
RUN mvn -B -ntp -q dependency:go-offline
COPY openapi.yaml ./
COPY src ./src
COPY worker-sdk ./worker-sdk
COPY worker-testkit ./worker-testkit
RUN mvn -B -ntp -q package -DskipTests && cp target/worker-gateway.jar /worker-gateway.jar

# ---- runtime ----
FROM eclipse-temurin:21-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid gateway --home-dir /app --shell /usr/sbin/nologin gateway \
 && mkdir -p /app/plugins /app/data \
 && chown -R gateway:gateway /app
WORKDIR /app
COPY --from=build --chown=gateway:gateway /worker-gateway.jar /app/worker-gateway.jar
USER gateway
ENV GATEWAY_HOST=0.0.0.0 \
    GATEWAY_PORT=8080 \
    GATEWAY_PLUGINS_DIR=/app/plugins \
    GATEWAY_DATA_DIR=/app/data \
    GATEWAY_LOG_FORMAT=json
VOLUME ["/app/plugins", "/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
# exec form: java is PID 1 and receives SIGTERM itself (drains, then exits 0)
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/worker-gateway.jar"]
