# Build and run payroute; the same jar, routes and application.properties as a local run.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY application.properties .
COPY routes routes
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17.0.13_11-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/payroute.jar /app/payroute.jar
COPY --from=build /src/target/lib /app/lib
EXPOSE 8080
USER 10001
ENTRYPOINT ["java", "-Xmx512m", "-XX:+UseSerialGC", "-cp", "/app/payroute.jar:/app/lib/*", "dev.payroute.PayrouteApplication"]
