# The importer's routes under `camel run` (Camel JBang) with the project's jar as a dependency: the command CI
# checks (scripts/camel-run-check.sh). Compose file: docker-compose.yaml; see README, "camel run and the container".

# The base images: the official ones by default. scripts/container-check.sh passes stand-ins built from Debian's
# packages (no image registry is reachable there) and builds with --pull=never.
ARG BUILD_BASE=maven:3.9-eclipse-temurin-17
ARG RUN_BASE=eclipse-temurin:17-jre

# Build: the jar, scripts/camel's class path (Camel JBang at the project's Camel version), and a Maven repository
# holding everything `camel run` loads (the jar, its libraries, the Kamelets), so the container starts without
# downloads.
FROM ${BUILD_BASE} AS build
# By default Maven and `camel run` download from Maven Central. Where a build cannot reach it (HTTPS), resolve it
# all outside and mount that Maven repository at /root/.m2 (scripts/container-check.sh does), with
#   --build-arg MAVEN_FLAGS=-o --build-arg PREFETCH_FLAGS="--repos=file:///root/.m2/repository --maven-central-enabled=false"
ARG MAVEN_FLAGS=""
ARG PREFETCH_FLAGS=""
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q ${MAVEN_FLAGS} dependency:go-offline
COPY src src
COPY routes routes
RUN mvn -B -q ${MAVEN_FLAGS} -DskipTests package
COPY scripts/camel scripts/jvm-env.sh scripts/
COPY scripts/camel-launcher scripts/camel-launcher
# camel-jbang-core at pom.xml's camel.version (the version the jar is built and tested on; scripts/camel reads it
# the same way).
RUN camel_version="$(sed -n 's:.*<camel.version>\(.*\)</camel.version>.*:\1:p' pom.xml)" \
    && mvn -B -q ${MAVEN_FLAGS} -f scripts/camel-launcher/pom.xml -Dcamel.version="${camel_version}" \
        dependency:copy-dependencies -DoutputDirectory=/src/scripts/camel-launcher/lib \
    && javac -d scripts/camel-launcher/classes -cp 'scripts/camel-launcher/lib/*' scripts/camel-launcher/CamelJBang.java \
    && mvn -B -q ${MAVEN_FLAGS} install:install-file -Dfile=target/reflect-importer.jar -DpomFile=pom.xml \
        -DlocalRepositoryPath=/runtime/.m2/repository
# One short run without Qdrant (it retries, then --max-seconds ends it) fills /runtime/.m2 with what `camel run`
# loads. Its artifacts then count as installed locally (no _remote.repositories), so the container resolves them
# there whatever repositories it is told about, and downloads nothing when it starts.
RUN mkdir -p /tmp/logs && CAMEL_JAVA_OPTS=-Duser.home=/runtime CLAUDE_LOGS_DIR=/tmp/logs STATE_FILE=/tmp/state.json \
    DEAD_LETTER_FILE=/tmp/dead.jsonl MODEL_CACHE_DIR=/tmp/models QDRANT_URL=http://127.0.0.1:1 \
    scripts/camel run routes/import.yaml routes/voyage.yaml src/main/resources/application.properties \
        --dep=dev.reflect:reflect-importer:0.1.0-SNAPSHOT --profile=prod --max-seconds=3 ${PREFETCH_FLAGS} >/tmp/prefetch.log 2>&1 \
    || (tail -40 /tmp/prefetch.log; exit 1)
RUN find /runtime/.m2 -name _remote.repositories -delete

# Run: JRE 17, non-root; logs mounted read-only at /logs, state and dead letters on the /data volume.
FROM ${RUN_BASE}
# jemalloc keeps ONNX Runtime's native allocations from fragmenting; scripts/camel (scripts/jvm-env.sh, shared with
# ./reflect) preloads it when it is installed and sets the allocator's and the JVM's flags.
RUN apt-get update && apt-get install -y --no-install-recommends curl libjemalloc2 && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 reflect
WORKDIR /app
COPY --from=build /src/scripts/camel /src/scripts/jvm-env.sh scripts/
COPY --from=build /src/scripts/camel-launcher/CamelJBang.java /src/scripts/camel-launcher/pom.xml scripts/camel-launcher/
COPY --from=build /src/scripts/camel-launcher/lib scripts/camel-launcher/lib
COPY --from=build /src/scripts/camel-launcher/classes scripts/camel-launcher/classes
COPY --from=build /src/routes routes
COPY --from=build /src/src/main/resources/application.properties src/main/resources/application.properties
COPY --from=build --chown=reflect /runtime/.m2 /home/reflect/.m2
# `reflect console` (the compose file's hawtio service): Hawtio on its own class path.
COPY --from=build /src/target/reflect-console.jar /app/console/reflect-console.jar
COPY --from=build /src/target/console /app/console
ENV CLAUDE_LOGS_DIR=/logs \
    STATE_FILE=/data/config/imported-files.json \
    DEAD_LETTER_FILE=/data/dead-letters/malformed-lines.jsonl \
    MODEL_CACHE_DIR=/data/models \
    QDRANT_URL=http://qdrant:6333
# The heap: scripts/camel's (64 MB, what the importer needs), not a share of the container's limit.
# camel run keeps its run files in ./.camel-jbang and ~/.camel: both writable by the user, nothing else is.
RUN mkdir -p /data /app/.camel-jbang && chown reflect /data /app/.camel-jbang
VOLUME ["/data"]
USER reflect
EXPOSE 9876
# The management server (watch mode, camel.management.* in application.properties): 503 until Qdrant answers,
# the model is loaded and the routes run.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:9876/observe/health || exit 1
ENTRYPOINT ["scripts/camel", "run", "routes/import.yaml", "routes/voyage.yaml", "src/main/resources/application.properties", "--dep=dev.reflect:reflect-importer:0.1.0-SNAPSHOT", "--profile=prod"]
