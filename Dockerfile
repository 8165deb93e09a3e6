# lms-emulator: TalentLMS (8001), Skilljar (8002), Lessonly (8003) and the console (8000).
FROM python:3.11-slim

RUN useradd --create-home --uid 10001 emulator
# Installed from a wheel-style build (setup.py copies fixtures/ into the package), then the sources go:
# the image runs the installed package only, so `lms-emulator replay talentlms` uses the fixtures it carries.
COPY pyproject.toml setup.py MANIFEST.in README.md /src/
COPY emulator /src/emulator
COPY fixtures /src/fixtures
RUN pip install --no-cache-dir /src \
 && rm -rf /src \
 && cd / && python -c "import emulator.server; from emulator.cassettes import vendor_cassettes; vendor_cassettes('talentlms')"

# The data volume: with -e LMS_EMULATOR_DATA_DIR=/data every tenant is kept in SQLite there and comes back
# on restart (in memory otherwise). Owned by the image's user, so a new named volume mounted here is too.
RUN mkdir /data && chown emulator /data
VOLUME ["/data"]

USER emulator
WORKDIR /home/emulator
EXPOSE 8000 8001 8002 8003
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8001/_emulator/health', timeout=2)"

# tests/test_serve.py runs exactly this command (ports moved through LMS_EMULATOR_*_PORT).
CMD ["lms-emulator", "serve", "--host", "0.0.0.0"]
