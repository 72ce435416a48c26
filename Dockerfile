# syntax=docker/dockerfile:1
# The Disco server image: built with the Swift toolchain, run on a slim Debian as a non-root user.
# The build stage calls scripts/build-release — the same script CI runs on every change.

FROM swift:6.3-bookworm AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends zlib1g-dev && rm -rf /var/lib/apt/lists/*
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY scripts ./scripts
RUN scripts/build-release /out

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libstdc++6 zlib1g ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/disco --create-home disco
COPY --from=build /out/disco-server /usr/local/bin/disco-server
USER disco
WORKDIR /var/lib/disco
ENV DISCO_HOST=0.0.0.0 \
    DISCO_PORT=7766 \
    DISCO_METRICS_HOST=0.0.0.0 \
    DISCO_METRICS_PORT=7767
EXPOSE 7766 7767
VOLUME ["/var/lib/disco"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["disco-server", "health"]
ENTRYPOINT ["disco-server"]
