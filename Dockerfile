# Build: the jar and its libraries.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY routes routes
RUN mvn -B -q -DskipTests package

# Run: JRE 17, non-root, logs mounted read-only, state on a volume.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends libjemalloc2 curl && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 reflect
COPY --from=build /src/target/reflect-importer.jar /app/reflect-importer.jar
COPY --from=build /src/target/lib /app/lib
ENV CLAUDE_LOGS_DIR=/logs \
    STATE_FILE=/data/config/imported-files.json \
    DEAD_LETTER_FILE=/data/dead-letters/malformed-lines.jsonl \
    MODEL_CACHE_DIR=/data/models \
    QDRANT_URL=http://qdrant:6333 \
    ORT_DISABLE_TELEMETRY=1 DJL_OFFLINE=true OPT_OUT_TRACKING=true \
    MALLOC_ARENA_MAX=2 \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=25 -XX:+UseSerialGC -Xss512k"
RUN mkdir -p /data && chown reflect /data
VOLUME ["/data"]
USER reflect
WORKDIR /app
ENTRYPOINT ["java", "-jar", "/app/reflect-importer.jar"]
CMD ["watch"]
