"""The Flask twin of the Carafe demo for the benchmark: the same endpoints, the same database.

Served by Gunicorn or uWSGI from bench/run.sh. Environment: BENCH_DB (the blog database that
seed.py fills) and BENCH_STATIC (the folder holding the 1 MB file). The page and the post list
follow Flask's own tutorial, which the Carafe demo mirrors.
"""

import os
import sqlite3

from flask import Flask, g, render_template, session

app = Flask(__name__, static_folder=os.environ.get("BENCH_STATIC", "static"))
app.secret_key = os.urandom(32)

POSTS = (
    "SELECT p.id, title, body, created, author_id, username"
    " FROM post p JOIN users u ON p.author_id = u.id ORDER BY created DESC, p.id DESC"
)


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


@app.before_request
def load_logged_in_user():
    user_id = session.get("user_id")
    g.user = None if user_id is None else db().execute(
        "SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()


@app.get("/api/hello")
def hello():
    return {"message": "Hello, World!"}


@app.get("/")
def index():
    return render_template("blog/index.html", posts=db().execute(POSTS).fetchall())


@app.get("/api/posts")
def posts():
    return [dict(row) for row in db().execute(POSTS).fetchall()]
