# Build payroute; the default image runs the service only: the same jar, routes and application.properties
# as a local run, without the dev jar (no Stripe stand-in, Kafka broker or embedded PostgreSQL), so it needs
# STRIPE_SECRET_KEY or STRIPE_API_BASE. `docker build --target standin` builds the Stripe stand-in's image.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY application.properties .
COPY routes routes
COPY src src
# -Dkafka-broker.skip: the local Kafka broker's jars are for development only.
RUN mvn -B -q -DskipTests -Dkafka-broker.skip=true package

FROM eclipse-temurin:17.0.13_11-jre AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# The offline Stripe stand-in alone (one jar, Jackson inside), for docker-compose.
FROM runtime AS standin
COPY --from=build /src/target/payroute-standin.jar /app/payroute-standin.jar
EXPOSE 12111
USER 10001
ENTRYPOINT ["java", "-Xmx128m", "-XX:+UseSerialGC", "-jar", "/app/payroute-standin.jar", "--host", "0.0.0.0"]

# The service (the default target): payroute.jar and target/lib, about 72 MB (ProductionJarIT keeps it under 90).
FROM runtime AS payroute
COPY --from=build /src/target/payroute.jar /app/payroute.jar
COPY --from=build /src/target/lib /app/lib
# bin/service runs dev.payroute.PayrouteApplication from /app/payroute.jar and /app/lib, with the remote JMX
# options PAYROUTE_JMX_* ask for (refused without authentication, and without TLS in production).
COPY bin/service /app/bin/service
# /app belongs to root; the service writes only to /app/data (the development data key when PAYROUTE_DATA_KEYS
# is unset, a compose volume), owned by the user it runs as.
RUN mkdir -p /app/data && chown 10001:10001 /app/data
ENV PAYROUTE_DEV_DATA_KEY_FILE=/app/data/dev-data-key
WORKDIR /app/data
EXPOSE 8080
USER 10001
ENTRYPOINT ["/app/bin/service"]
