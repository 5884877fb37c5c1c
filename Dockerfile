# skimscan in a container: Debian (bookworm) with Node 20 and Debian's Chromium, installed by the
# same scripts/install.sh that README.md and .ci/run use. Runs as a non-root user, so Chromium keeps
# its sandbox on (skimscan adds --no-sandbox only for root). See docs/deploy.md.
#
#   docker build -t skimscan .
#   docker run --rm -v "$PWD/skimscan.config.json:/config/skimscan.config.json:ro" -v skimscan-data:/data \
#     --security-opt seccomp=unconfined skimscan watch --once --config /config/skimscan.config.json
FROM node:20-bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive \
    SKIMSCAN_RUNTIME_ONLY=1 \
    SKIMSCAN_CHROME=/usr/bin/chromium

WORKDIR /opt/skimscan
COPY . .

# Chromium (and its fonts), python3/make/g++ for better-sqlite3's native build, `npm ci`, build;
# then the dev dependencies and the compilers go again.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends ca-certificates fonts-liberation chromium \
 && bash scripts/install.sh \
 && npm prune --omit=dev --no-audit --no-fund \
 && apt-get purge -y -qq make g++ \
 && apt-get autoremove -y -qq \
 && rm -rf /var/lib/apt/lists/* /root/.npm /root/.cache

# The history lives in /data (mount a volume); XDG_DATA_HOME makes it the default location too.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin skimscan \
 && mkdir -p /data /config \
 && chown skimscan:skimscan /data
ENV XDG_DATA_HOME=/data \
    SKIMSCAN_DB=/data/history.db
VOLUME ["/data"]

USER skimscan

ENTRYPOINT ["node", "/opt/skimscan/bin/skimscan"]
CMD ["watch", "--config", "/config/skimscan.config.json", "--db", "/data/history.db"]
