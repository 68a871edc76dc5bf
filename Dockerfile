# tmuxgate in a container. Build: docker build -t tmuxgate .
# Run:   docker run -p 127.0.0.1:7681:7681 -v tmuxgate-state:/var/lib/tmuxgate tmuxgate
# The one-time login link and the JSON log lines are on the container's stdout (docker logs).
# Attaching to the host's tmux sockets, TLS, metrics: docs/deploy.md.

# The Debian release decides the tmux version in the image. To attach to a host's tmux server,
# the versions must match (tmux's client/server protocol): bookworm has tmux 3.3a.
ARG DEBIAN_RELEASE=bookworm

# --- build: compile node-pty's native addon, the server and the client -------------------------
FROM node:20-${DEBIAN_RELEASE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# --- runtime: Node, tmux and tini, running as an unprivileged user -------------------------------
FROM node:20-${DEBIAN_RELEASE}-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tmux tini \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 --shell /bin/bash tmuxgate \
 && install -d -m 0700 -o tmuxgate -g tmuxgate /var/lib/tmuxgate
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
ENV NODE_ENV=production \
    TMUXGATE_STATE_DIR=/var/lib/tmuxgate \
    SHELL=/bin/bash
VOLUME ["/var/lib/tmuxgate"]
USER tmuxgate
EXPOSE 7681
# Liveness over plain http; with listen.tls in the container, point this at https instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:7681/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini reaps the tmux clients' processes and forwards SIGTERM for a graceful shutdown.
# Node options: server/cli/nodeFlags.ts.
ENTRYPOINT ["tini", "--", "node", "--max-semi-space-size=2", "bin/tmuxgate.js"]
# Inside the container the gateway must listen on all interfaces; publish the port on the host's
# loopback (as above) and put a TLS proxy in front before exposing it further.
CMD ["serve", "--host", "0.0.0.0"]
