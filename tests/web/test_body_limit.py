"""Request bodies are bounded before they are read: 413 (411 for chunked ones), page or JSON."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024
IMPORT = "/admin/plans/plan/import/"

pytestmark = pytest.mark.django_db


def test_an_oversized_post_is_refused_with_a_page_naming_the_limit(client, settings):
    settings.REQUEST_MAX_BYTES = MIB

    response = client.post("/compare/save/", {"plans": "a,b"}, CONTENT_LENGTH=str(300 * MIB))

    assert response.status_code == 413
    html = response.content.decode()
    assert f"这次提交有 {300 * MIB} 字节，超过这个地址的上限 {MIB} 字节" in html
    assert 'id="body-limit"' in html and "site-nav" in html  # the site's own page
    assert "Content-Security-Policy" in response and "X-Request-ID" in response


def test_a_post_within_the_limit_reaches_the_view(client, settings):
    settings.REQUEST_MAX_BYTES = MIB
    body = "plans=" + "a" * (MIB - 6)

    response = client.post("/compare/save/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400  # the view's own answer: no such plans


def test_an_oversized_api_request_is_refused_in_json(client, settings):
    settings.REQUEST_MAX_BYTES = MIB

    response = client.post("/api/plans/", {}, CONTENT_LENGTH=str(2 * MIB))

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["limit"] == MIB and "上限" in response.json()["error"]


def test_the_admin_import_takes_its_own_larger_limit(admin_client, settings):
    settings.REQUEST_MAX_BYTES = MIB
    settings.IMPORT_MAX_BYTES = 2 * MIB
    document = SimpleUploadedFile("big.txt", b"x" * (2 * MIB + 1))

    within = admin_client.post(IMPORT, {"document": document})
    over = admin_client.post(IMPORT, {}, CONTENT_LENGTH=str(3 * MIB + 1))
    elsewhere = admin_client.post("/admin/plans/era/add/", {}, CONTENT_LENGTH=str(2 * MIB))

    # Within: the import form's own refusal, which names the file and the import limit.
    assert within.status_code == 200
    assert "big.txt 有 2.1 MB，超过导入上限 2.0 MB：请拆分后分别导入" in within.content.decode()
    assert over.status_code == 413 and f"上限 {3 * MIB} 字节" in over.content.decode()
    assert elsewhere.status_code == 413


def test_a_chunked_body_is_refused_as_length_required(client):
    response = client.post("/compare/save/", {"plans": "a"}, HTTP_TRANSFER_ENCODING="chunked")

    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()


def test_the_limit_is_set_in_kib_from_the_environment():
    code = "from django.conf import settings; print(settings.REQUEST_MAX_BYTES)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DUIZHAO_REQUEST_MAX_KB": "64"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == str(64 * 1024), done.stderr


# A real server: the body arrives over a socket, as it would from an attacker.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn as `make serve` runs it, its temporary files (uploads) in a folder of their own."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    port = _free_port()
    skip = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env |= {
        "HOST": f"127.0.0.1:{port}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        "JOB_WORKERS": "0",
        "WEB_WORKERS": "1",
        "TMPDIR": str(uploads),  # where Django spools uploads (FILE_UPLOAD_TEMP_DIR unset)
    }
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(300):
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, uploads
    finally:
        process.terminate()
        process.wait(timeout=30)


def _post_declaring(port: int, *, declared: int, sent: int) -> tuple[bytes, socket.socket]:
    """POST a multipart upload declaring ``declared`` bytes, send ``sent`` of them and keep the
    connection open (as a slow client would): the server answers or waits for the rest."""
    boundary = "limit-test"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="document"; '
        'filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
    ).encode()
    request = (
        "POST /compare/save/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {declared}\r\n"
        # A CSRF cookie anyone gets from a GET: the CSRF check then reads the form for its token.
        f"Cookie: csrftoken={'a' * 32}\r\n\r\n"
    ).encode()
    conn = socket.create_connection(("127.0.0.1", port), timeout=20)

    def send() -> None:
        # The server may close without reading the rest.
        with contextlib.suppress(OSError):
            conn.sendall(request + head + b"x" * (sent - len(head)))

    threading.Thread(target=send, daemon=True).start()
    answer = b""
    try:
        while b"\r\n\r\n" not in answer:
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
    except TimeoutError:  # still reading the body: what happened before the limit
        answer = b"(no answer: the server was still reading the body)"
    return answer, conn


def _largest_file(folder: Path) -> int:
    return max((p.stat().st_size for p in folder.rglob("*") if p.is_file()), default=0)


def test_a_300_mb_post_is_refused_before_any_of_it_is_spooled(gunicorn):
    port, uploads = gunicorn

    answer, conn = _post_declaring(port, declared=300 * MIB, sent=4 * MIB)
    try:
        # Measured while the connection is still open, before the server could clean up.
        assert _largest_file(uploads) <= MIB
        status_line = answer.split(b"\r\n", 1)[0]
        assert status_line == b"HTTP/1.1 413 Request Entity Too Large", answer[:300]
    finally:
        conn.close()


def test_the_refusal_speaks_the_readers_language_not_the_last_requests(client, settings):
    settings.REQUEST_MAX_BYTES = MIB
    client.get("/", HTTP_ACCEPT_LANGUAGE="en")  # leaves English active on this thread

    chinese = client.post("/compare/save/", {"plans": "a,b"}, CONTENT_LENGTH=str(2 * MIB))
    english = client.post(
        "/compare/save/", {"plans": "a,b"}, CONTENT_LENGTH=str(2 * MIB), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "超过这个地址的上限" in chinese.content.decode()
    assert "超过这个地址的上限" not in english.content.decode()
