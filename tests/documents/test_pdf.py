"""write_pdf: bytes or a file, and no resource fetched whatever the HTML asks for."""

import http.server
import io
import threading

import pytest

from issues.documents.pdf import write_pdf


@pytest.fixture
def web_server():
    """A web server on the loopback that counts the requests it gets."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_it_returns_the_bytes_or_writes_them_into_a_file():
    data = write_pdf("<p>본문</p>")
    assert data.startswith(b"%PDF-")
    out = io.BytesIO()
    assert write_pdf("<p>본문</p>", out) is None
    assert out.getvalue().startswith(b"%PDF-")


def test_it_fetches_nothing_an_image_a_stylesheet_or_a_css_url_names(web_server, tmp_path):
    address, requests = web_server
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the document")
    html = (f'<html><head><link rel="stylesheet" href="{address}/style.css"></head><body>'
            f'<img src="{address}/image.png"><img src="file://{secret}">'
            f'<div style="background: url({address}/background.png)">본문</div></body></html>')
    data = write_pdf(html)
    assert data.startswith(b"%PDF-")
    assert requests == []
