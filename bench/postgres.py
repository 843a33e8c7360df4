"""A throwaway PostgreSQL cluster on a private socket, for the benchmark."""

import os
import pwd
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

BIN_FOLDERS = [Path("/usr/lib/postgresql/15/bin"), Path("/usr/lib/postgresql/16/bin")]
# PostgreSQL refuses to run as root; CI creates this user for the same reason.
UNPRIVILEGED_USER = "dossiers-ci"


def binaries():
    for folder in BIN_FOLDERS:
        if (folder / "initdb").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class ThrowawayPostgres:
    """Started on enter, stopped and removed on exit; `url` is its DATABASE_URL."""

    def __init__(self):
        self.bin = binaries()
        if self.bin is None:
            raise SystemExit(
                "PostgreSQL is needed for the benchmark: apt-get install postgresql-15, "
                "or set BENCH_DATABASE_URL to an empty database."
            )
        self.folder = Path(tempfile.mkdtemp(prefix="dossiers-bench-pg-"))
        self.socket = self.folder / "socket"

    def __enter__(self):
        self.socket.mkdir()
        if os.getuid() == 0:
            self.ensure_user()
            shutil.chown(self.folder, UNPRIVILEGED_USER)
            shutil.chown(self.socket, UNPRIVILEGED_USER)
        self.run(
            "initdb",
            "-D",
            self.data,
            "--username=dossiers",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={self.socket} "
            "-c shared_buffers=512MB -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=200 -c max_wal_size=4GB"
        )
        self.run(
            "pg_ctl",
            "-D",
            self.data,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
            "-o",
            options,
        )
        self.run("createdb", "-h", str(self.socket), "-U", "dossiers", "dossiers")
        return self

    def __exit__(self, *exc_info):
        self.run("pg_ctl", "-D", self.data, "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def data(self):
        return str(self.folder / "data")

    @property
    def url(self):
        return f"postgres://dossiers@{urllib.parse.quote(str(self.socket), safe='')}/dossiers"

    def version(self):
        result = subprocess.run(
            [str(self.bin / "postgres"), "--version"], capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    def run(self, program, *arguments, check=True):
        command = [str(self.bin / program), *arguments]
        if os.getuid() == 0:
            command = ["runuser", "-u", UNPRIVILEGED_USER, "--", *command]
        subprocess.run(command, check=check, stdout=subprocess.DEVNULL)

    @staticmethod
    def ensure_user():
        try:
            pwd.getpwnam(UNPRIVILEGED_USER)
        except KeyError:
            subprocess.run(
                [
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    UNPRIVILEGED_USER,
                ],
                check=True,
            )
