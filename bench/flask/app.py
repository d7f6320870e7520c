"""The Flask side of Carafe's benchmark: the same endpoints as the Carafe demo's workloads.

Served by Gunicorn or uWSGI from bench/run.sh. Environment: BENCH_DB (the SQLite file that
`python3 app.py init-db FILE` creates) and BENCH_STATIC (the folder holding the 1 MB file).
"""

import os
import sqlite3
import sys

from flask import Flask, g, render_template

app = Flask(__name__, static_folder=os.environ.get("BENCH_STATIC", "static"))
POSTS = [{"id": i, "title": f"Post number {i}", "author": f"author{i % 3}"} for i in range(1, 21)]


@app.get("/api/hello")
def hello():
    return {"message": "Hello, World!"}


@app.get("/")
def page():
    return render_template("page.html", posts=POSTS)


def db():
    if "db" not in g:
        g.db = sqlite3.connect(os.environ["BENCH_DB"])
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(_error):
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


@app.get("/api/posts")
def posts():
    rows = db().execute("SELECT id, title, author FROM post ORDER BY id DESC LIMIT 20").fetchall()
    return [dict(row) for row in rows]


def init_db(path):
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE IF EXISTS post")
        connection.execute("CREATE TABLE post (id INTEGER PRIMARY KEY, title TEXT, author TEXT)")
        connection.executemany("INSERT INTO post (id, title, author) VALUES (:id, :title, :author)", POSTS)


if __name__ == "__main__" and sys.argv[1:2] == ["init-db"]:
    init_db(sys.argv[2])
