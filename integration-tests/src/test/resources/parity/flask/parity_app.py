"""The Flask 2.2 side of FlaskParityIT: every view here has a twin in ParityTwin.java.

Run by Debian's Flask under Gunicorn (`/usr/bin/python3 -m gunicorn parity_app:app`, one sync
worker); the test sends both apps the same requests and compares the answers.
"""
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

app = Flask(__name__)
app.secret_key = "parity-test-secret-key-not-for-production"
# One trusted proxy in front: the nearest X-Forwarded-Host value counts.
app.wsgi_app = ProxyFix(app.wsgi_app, x_host=1)


@app.route("/")
def index():
    return "index"


@app.route("/int/<int:n>")
@app.route("/int-range/<int(min=1, max=100):n>")
@app.route("/signed/<int(signed=True):n>")
@app.route("/signed-float/<float(signed=True):x>")
@app.route("/two/<string(length=2):s>")
@app.route("/short/<string(minlength=2, maxlength=3):s>")
@app.route("/any/<any(a, b):choice>")
@app.route("/str/<s>")
def echo_view_args(**values):
    return jsonify(request.view_args)


@app.route("/args")
def echo_args():
    return jsonify(request.args.to_dict())


@app.route("/form", methods=["POST"])
def echo_form():
    return jsonify(name=request.form["name"])


@app.route("/a/b")
def a_b():
    return "a/b"


@app.route("/strict/")
def strict():
    return "strict"


@app.route("/loose/", strict_slashes=False)
def loose():
    return "loose"


@app.route("/users/", defaults={"page": 1})
@app.route("/users/page/<int:page>")
def users(page):
    return jsonify(page=page)


@app.route("/redirect-cafe")
def redirect_cafe():
    return redirect("/str/café")


@app.route("/host")
def host():
    return jsonify(host=request.host)


@app.route("/text")
def text():
    return Response("plain text", mimetype="text/plain")


@app.route("/stream")
def stream():
    def lines():
        yield "one\n"
        yield "two\n"

    return Response(lines(), mimetype="text/plain")


@app.route("/cookie/set")
def cookie_set():
    response = make_response("set")
    response.set_cookie("spaced", "a b")
    return response


@app.route("/cookie/get")
def cookie_get():
    return jsonify(spaced=request.cookies.get("spaced"))


@app.route("/cookie/delete")
def cookie_delete():
    response = make_response("deleted")
    response.delete_cookie("gone")
    return response


@app.route("/cookie/options")
def cookie_options():
    response = make_response("options")
    response.set_cookie(
        "opts",
        "v",
        max_age=3600,
        path="/cookie",
        domain="example.test",
        secure=True,
        httponly=True,
        samesite="Strict",
    )
    return response


@app.route("/unauthorized")
def unauthorized():
    abort(401, "Log in first", www_authenticate=WWWAuthenticate("basic", {"realm": "parity"}))


@app.route("/unavailable")
def unavailable():
    abort(503, "Down for maintenance", retry_after=120)


@app.route("/target")
def target():
    return "target"


@app.route("/url-for")
def url_for_query():
    return jsonify(url=url_for("target", b="2", a="1", skip=None))


@app.route("/flash/set")
def flash_set():
    flash("first", "info")
    flash("second", "error")
    return redirect("/flash/show")


@app.route("/flash/show")
def flash_show():
    return render_template("flashes.html")


last_teardown = {"error": "never ran"}


@app.route("/teardown/abort")
def teardown_abort():
    abort(404)


@app.route("/teardown/last")
def teardown_last():
    return jsonify(last_teardown)


@app.teardown_request
def record_teardown(error):
    if request.path == "/teardown/abort":
        last_teardown["error"] = None if error is None else type(error).__name__


@app.errorhandler(409)
def app_conflict(error):
    return "app 409 handler", 409


handlers = Blueprint("handlers", __name__, url_prefix="/bp")


@handlers.errorhandler(HTTPException)
def blueprint_http_error(error):
    return "blueprint handler", error.code


@handlers.route("/conflict")
def conflict():
    abort(409)


app.register_blueprint(handlers)

parent = Blueprint("parent", __name__, url_prefix="/parent")
child = Blueprint("child", __name__, url_prefix="/child")


@child.route("/x")
def x():
    return jsonify(endpoint=request.endpoint, url=url_for(".x"))


parent.register_blueprint(child)
app.register_blueprint(parent)
