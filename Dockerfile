# communique in a container: `docker build -t communique .`, then
#   docker run --rm -v "$PWD:/work" communique build releases/ -o out/
# Two stages: the toolchain builds the binary (fonts, templates and the default brand are
# embedded in it), and the runtime image holds only that binary on Debian slim (glibc, and a
# shell for the Kubernetes example's `sh -c`), run as an unprivileged user.
# Not built in the session that wrote it (no Docker daemon there): see the README.

FROM rust:1.95-bookworm AS build
WORKDIR /src
# What `cargo build` reads (the rest of the repository is left out by .dockerignore).
COPY Cargo.toml Cargo.lock build.rs README.md ./
COPY fonts fonts
COPY src src
COPY templates templates
COPY schemas schemas
COPY examples examples
COPY benches benches
RUN cargo build --release --locked --bin communique \
    && strip target/release/communique

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --create-home --home-dir /home/communique communique \
    && mkdir /work && chown communique:communique /work
COPY --from=build /src/target/release/communique /usr/local/bin/communique
# By number: Kubernetes' runAsNonRoot can only verify a numeric user (hadolint DL3066).
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["communique"]
CMD ["--help"]
