"""A real LTI 1.3 tool for Lyceum's tests, built with PyLTI1p3 (the tool side of LTI 1.3 Advantage).

Started by scripts/services.sh on a free port (printed as its base URL on the first line of stdout).
The tests register it in Lyceum (login URL /login, target link URI /launch, keys at /jwks) and tell it
Lyceum's side with POST /platforms: issuer, client id, deployment id, authorization and token URLs,
and the platform's key set (JWKS), which PyLTI1p3 then checks every ID token against. Its answers:

- GET|POST /login: PyLTI1p3's third-party initiated login (a redirect to the platform's authorization
  endpoint with state and nonce; the state goes in a cookie, the nonce in the session);
- POST /launch: PyLTI1p3's message launch validation (signature, issuer, audience, deployment, nonce,
  state, message claims); 200 with the launch's claims as JSON, or 400 with PyLTI1p3's error. With
  `?score=X&max=Y` the tool then posts that score for the launching person through AGS (to the launch's
  line item: Completed, FullyGraded) and adds `_lineitems` (the context's line items); with `?roster=N`
  it reads the course's members through NRPS, `N` to a page, following every page, into `_members`
  (and the number of pages into `_pages`). A deep-linking request is answered with two exercises (the
  first with a line item) as `_deep_link`: the return URL and PyLTI1p3's signed response. Both use PyLTI1p3's service
  connector: an access token from Lyceum's token endpoint with a client assertion signed by this key.
"""

import datetime
import json
import socket
import sys

from flask import Flask, jsonify, request
from jwcrypto import jwk
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfDict

app = Flask(__name__)
app.secret_key = "lyceum-test-tool"
KEY = jwk.JWK.generate(kty="RSA", size=2048, kid="lyceum-test-tool")
PLATFORMS = {}
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"


def tool_conf():
    conf = ToolConfDict({iss: [dict(c, default=True)] for iss, c in PLATFORMS.items()})
    for iss, c in PLATFORMS.items():
        conf.set_private_key(iss, KEY.export_to_pem(private_key=True, password=None).decode(), client_id=c["client_id"])
        conf.set_public_key(iss, KEY.export_to_pem().decode(), client_id=c["client_id"])
    return conf


@app.post("/platforms")
def add_platform():
    body = request.get_json()
    PLATFORMS[body["issuer"]] = {
        "client_id": body["client_id"],
        "auth_login_url": body["authorization_url"],
        "auth_token_url": body["token_url"],
        "key_set_url": None,
        "key_set": body["key_set"],
        "deployment_ids": [body["deployment_id"]],
    }
    return jsonify({"platforms": len(PLATFORMS)})


@app.get("/jwks")
def jwks():
    # The key as PyLTI1p3 names it (`kid`: its thumbprint), so the kid of its client assertions is found.
    return jsonify({"keys": [Registration.get_jwk(KEY.export_to_pem().decode())]})


@app.route("/login", methods=["GET", "POST"])
def login():
    target = request.values.get("target_link_uri")
    try:
        return FlaskOIDCLogin(FlaskRequest(), tool_conf()).redirect(target)
    except LtiException as e:
        return jsonify({"error": str(e)}), 400


@app.post("/launch")
def launch():
    try:
        message = FlaskMessageLaunch(FlaskRequest(), tool_conf())
        data = dict(message.get_launch_data())
    except LtiException as e:
        return jsonify({"error": str(e)}), 400
    try:
        if message.is_deep_link_launch():
            # Deep linking: the tool "picks" two exercises (the first with a line item of 10 points) and
            # answers with PyLTI1p3's signed LtiDeepLinkingResponse, for the test to post back to Lyceum.
            first = (
                DeepLinkResource()
                .set_title("Exercise 1")
                .set_url(request.host_url.rstrip("/") + "/launch")
                .set_custom_params({"exercise": "1"})
                .set_lineitem(LineItem().set_score_maximum(10).set_label("Exercise 1 score").set_resource_id("ex-1"))
            )
            second = DeepLinkResource().set_title("Exercise 2").set_custom_params({"exercise": "2"})
            deep_link = message.get_deep_link()
            settings = data["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"]
            data["_deep_link"] = {
                "return_url": settings["deep_link_return_url"],
                "jwt": deep_link.get_response_jwt([first, second]),
            }
            return jsonify(data)
        if request.args.get("score"):
            ags = message.get_ags()
            grade = (
                Grade()
                .set_score_given(float(request.args["score"]))
                .set_score_maximum(float(request.args.get("max", "10")))
                .set_timestamp(datetime.datetime.now(datetime.timezone.utc).isoformat())
                .set_activity_progress("Completed")
                .set_grading_progress("FullyGraded")
                .set_user_id(data["sub"])
            )
            ags.put_grade(grade)
            data["_lineitems"] = ags.get_lineitems()
        if request.args.get("roster"):
            # Pages of `roster` people each, following Lyceum's `Link: rel="next"` as PyLTI1p3 does.
            nrps = message.get_nrps()
            url = data[NRPS_CLAIM]["context_memberships_url"] + "?limit=" + request.args["roster"]
            data["_members"], data["_pages"] = [], 0
            while url:
                members, url = nrps.get_members_page(url)
                data["_members"].extend(members)
                data["_pages"] += 1
    except (LtiException, LtiServiceException) as e:
        return jsonify({"error": str(e)}), 502
    return jsonify(data)


if __name__ == "__main__":
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    print(f"http://127.0.0.1:{port}", flush=True)
    app.run(host="127.0.0.1", port=port)
