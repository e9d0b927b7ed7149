# Multi-stage build: the SPA with Node, the server with Go, both into a small
# image that runs as a non-root user.
FROM node:20-bookworm AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY openapi.yaml /src/openapi.yaml
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist ./frontend/dist
# The SPA is built into the binary (-tags embedspa): the image holds just it.
RUN CGO_ENABLED=0 go build -trimpath -tags embedspa -ldflags "-s -w" -o /out/caseward ./cmd/caseward \
 && /out/caseward version | grep -q '(SPA embedded)' \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=server /out/caseward /usr/local/bin/caseward
COPY --from=server --chown=65532:65532 /out/data /var/lib/caseward
ENV CASEWARD_ADDR=0.0.0.0:8080 \
    CASEWARD_DATA_DIR=/var/lib/caseward
VOLUME /var/lib/caseward
EXPOSE 8080
USER nonroot
ENTRYPOINT ["caseward"]
CMD ["serve"]
