"""A tiny webhook receiver for docker-compose.yml: prints every delivery (headers and body) and answers 204."""
from http.server import BaseHTTPRequestHandler, HTTPServer


class Receiver(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"webhook receiver up\n")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        print(f"--- {self.command} {self.path}", flush=True)
        for name, value in self.headers.items():
            print(f"{name}: {value}", flush=True)
        print(body.decode("utf-8", "replace"), flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, fmt, *args):
        pass


HTTPServer(("0.0.0.0", 9000), Receiver).serve_forever()
