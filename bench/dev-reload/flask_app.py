"""The demo app's fixed endpoints in Flask, for the dev-reload benchmark."""
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")


@app.get("/api/hello")
def hello():
    return jsonify(message="Hello, World!")


@app.get("/api/whoami")
def whoami():
    return jsonify(ip=request.remote_addr, scheme=request.scheme, host=request.host)
