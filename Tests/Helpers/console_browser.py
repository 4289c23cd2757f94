"""Drives the operator console in Debian's chromium (chromium-driver) with Selenium.

console_browser.py SCENARIO CONFIG_JSON prints one JSON object: what the browser saw.
The Swift test (Tests/MediaWorkerTests/Console/ConsoleBrowserTests.swift) starts LocalStack,
the worker and the console, runs the scenarios and checks the facts against independent
tools (boto3, ffprobe). Screenshots go to config["screenshots"].

Scenarios: security, upload, play, error.
"""
import http.cookiejar
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def browser(config):
    options = webdriver.ChromeOptions()
    options.binary_location = config.get("chromium", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--autoplay-policy=no-user-gesture-required", "--window-size=1280,900"]:
        options.add_argument(argument)
    service = Service(executable_path=config.get("chromedriver", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(120)
    return driver


def wait(condition, seconds=180, step=0.2):
    """Polls until condition() is truthy; the overall deadline is only a safety net. An element
    the page replaced meanwhile (the jobs table refreshes itself) counts as not yet."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = condition()
        except StaleElementReferenceException:
            value = None
        if value:
            return value
        time.sleep(step)
    return condition()


def shot(driver, config, name):
    directory = config["screenshots"]
    os.makedirs(directory, exist_ok=True)
    driver.save_screenshot(os.path.join(directory, name + ".png"))


def sign_in(driver, config, user, password):
    driver.get(config["url"] + "/login")
    driver.find_element(By.ID, "user").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()
    wait(lambda: "/login" not in driver.current_url or driver.find_elements(By.ID, "login-message"), 60)


def raw(url, method="GET", data=None, headers=None, cookie=None):
    """A request outside the browser: (status, headers, body)."""
    request = urllib.request.Request(url, method=method, data=data, headers=headers or {})
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(request, timeout=300) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def present_alert(driver):
    try:
        return driver.switch_to.alert
    except NoAlertPresentException:
        return None


def session_cookie(driver):
    for cookie in driver.get_cookies():
        if cookie["name"] == "mw_console_session":
            return cookie
    return None


def security(config):
    facts = {}
    url = config["url"]
    # Anonymous: a page redirects to the sign-in page, an API answers 401.
    status, headers, _ = raw(url + "/jobs")
    facts["anonymous_page"] = [status, headers.get("Location", "")]
    status, _, _ = raw(url + "/api/jobs")
    facts["anonymous_api"] = status
    status, _, _ = raw(url + "/api/job/retry", "POST", b"{}", {"Content-Type": "application/json"})
    facts["anonymous_post"] = status
    # The CSP header and the sign-in cookie's flags, as sent.
    status, headers, body = raw(url + "/login")
    facts["csp"] = headers.get("Content-Security-Policy", "")
    facts["login_has_inline_script"] = "<script>" in body
    driver = browser(config)
    try:
        driver.get(url + "/jobs")
        facts["browser_redirected_to"] = urllib.parse.urlparse(driver.current_url).path
        shot(driver, config, "login")
        # A wrong password, then the viewer.
        sign_in(driver, config, config["viewer"][0], "wrong password")
        facts["wrong_password_message"] = " ".join(e.text for e in driver.find_elements(By.ID, "login-message"))
        sign_in(driver, config, *config["viewer"])
        cookie = session_cookie(driver)
        facts["cookie"] = {k: cookie.get(k) for k in ["httpOnly", "sameSite", "secure", "path"]} if cookie else None
        facts["viewer_path"] = urllib.parse.urlparse(driver.current_url).path
        jar = "mw_console_session=" + cookie["value"]
        csrf = driver.find_element(By.CSS_SELECTOR, 'meta[name="csrf-token"]').get_attribute("content")
        body = json.dumps({"id": config["record"]}).encode()
        # With the session but without the CSRF token: refused; with a wrong one: refused.
        facts["post_without_csrf"] = raw(url + "/api/job/retry", "POST", body, {"Content-Type": "application/json"}, jar)[0]
        facts["post_wrong_csrf"] = raw(url + "/api/job/retry", "POST", body, {"Content-Type": "application/json", "X-CSRF-Token": "x" * len(csrf)}, jar)[0]
        # With the token, the viewer is still not allowed to act.
        facts["viewer_retry"] = raw(url + "/api/job/retry", "POST", body, {"Content-Type": "application/json", "X-CSRF-Token": csrf}, jar)[0]
        for path in config.get("viewer_forbidden", []):
            facts.setdefault("viewer_forbidden", {})[path] = raw(url + path, "POST", body, {"Content-Type": "application/json", "X-CSRF-Token": csrf}, jar)[0]
        # The key with <script> is text on the page, not markup: no alert, the text as it is.
        driver.get(url + "/jobs?q=" + urllib.parse.quote(config["script_search"]))
        # Read in one go: the table may be re-rendered between finding the cell and reading it.
        facts["script_row_text"] = wait(lambda: driver.find_element(By.CSS_SELECTOR, "#job-rows tr td a").text
                                        if driver.find_elements(By.CSS_SELECTOR, "#job-rows tr td a") else None, 600)
        facts["script_tags_in_rows"] = driver.execute_script("return document.querySelectorAll('#job-rows script').length")
        try:
            driver.switch_to.alert
            facts["alert"] = True
        except NoAlertPresentException:
            facts["alert"] = False
        facts["escaped_in_source"] = "&lt;script&gt;" in driver.page_source
        # Live updates re-render the rows the same way (textContent).
        driver.execute_script("Jobs.reload()")
        time.sleep(1)
        facts["script_row_text_after_reload"] = driver.find_element(By.CSS_SELECTOR, "#job-rows tr td a").text
        shot(driver, config, "jobs-escaped-key")
        # Sign-out (a form POST with the CSRF field) ends the session.
        driver.get(url + "/jobs")
        driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
        wait(lambda: "/login" in driver.current_url, 30)
        facts["after_signout_api"] = raw(url + "/api/jobs", cookie=jar)[0]
    finally:
        driver.quit()
    # Rate limit: repeated wrong passwords end in 429.
    statuses = []
    for _ in range(7):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        page = opener.open(url + "/login", timeout=300).read().decode()
        token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        form = urllib.parse.urlencode({"csrf": token, "user": config["limited_user"], "password": "nope"}).encode()
        try:
            statuses.append(opener.open(urllib.request.Request(url + "/login", data=form, method="POST"), timeout=300).status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    facts["login_statuses"] = statuses
    # A sign-in with the right password: the Set-Cookie header's flags as sent.
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(url + "/login", timeout=300).read().decode()
    token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    form = urllib.parse.urlencode({"csrf": token, "user": config["viewer"][0], "password": config["viewer"][1]}).encode()
    try:
        opener.open(urllib.request.Request(url + "/login", data=form, method="POST"), timeout=300)
    except urllib.error.HTTPError as error:
        facts["set_cookie"] = [v for k, v in error.headers.items() if k.lower() == "set-cookie"]
    # A sign-in form posted without its token is refused.
    form = urllib.parse.urlencode({"user": config["viewer"][0], "password": config["viewer"][1]}).encode()
    facts["login_without_token"] = raw(url + "/login", "POST", form, {"Content-Type": "application/x-www-form-urlencoded"})[0]
    return facts


def upload(config):
    """Uploads config["file"] as config["path"] through the upload page: throttled, so a
    reload comes mid-upload; the same file chosen again resumes; the jobs page, open in a
    second tab since before the upload, shows the job complete without a reload."""
    facts = {}
    url = config["url"]
    driver = browser(config)
    try:
        sign_in(driver, config, *config["operator"])
        driver.get(url + "/jobs")
        driver.execute_script("window.__notReloaded = true")
        jobs_tab = driver.current_window_handle
        driver.switch_to.new_window("tab")
        upload_tab = driver.current_window_handle
        # Slow enough that a reload lands mid-upload, fast enough for CI.
        driver.set_network_conditions(offline=False, latency=5, download_throughput=50 * 1024 * 1024, upload_throughput=config.get("throughput", 6 * 1024 * 1024))
        driver.get(url + "/upload")
        shot(driver, config, "upload-empty")
        size = os.path.getsize(config["file"])
        driver.find_element(By.ID, "file-input").send_keys(config["file"])
        if config.get("reload", True):
            # Wait until a part is stored and the upload is not finished, then reload.
            wait(lambda: driver.execute_script(
                "const u = Upload.uploads[0]; if (!u || !u.info) return false;"
                "return (u.completed || 0) >= 1 && Number(document.getElementById('overall').value) < 100"), 300, 0.05)
            facts["max_in_flight_before_reload"] = driver.execute_script("return Upload.maxInFlight")
            facts["percent_at_reload"] = driver.execute_script("return Number(document.getElementById('overall').value)")
            facts["key"] = driver.execute_script("return Upload.uploads[0].info.key")
            facts["upload_id"] = driver.execute_script("return Upload.uploads[0].info.uploadId")
            shot(driver, config, "upload-progress")
            # The parts S3 has at this moment (the test checks them in LocalStack too).
            print(json.dumps({"mid_upload": {"key": facts["key"], "uploadId": facts["upload_id"]}}), file=sys.stderr, flush=True)
            if config.get("pause_file"):
                # Let the test look at LocalStack's parts while the upload is in the middle: the
                # page stops sending parts first (as a reload would: in-flight parts are
                # dropped, the multipart upload stays open), so it cannot finish meanwhile.
                driver.execute_script("const u = Upload.uploads[0]; u.state = 'aborted'; for (const r of Array.from(u.requests || [])) r.abort();")
                open(config["pause_file"] + ".ready", "w").write(json.dumps({"key": facts["key"], "uploadId": facts["upload_id"]}))
                wait(lambda: os.path.exists(config["pause_file"] + ".go"), 120)
            driver.refresh()
            driver.find_element(By.ID, "file-input").send_keys(config["file"])
        wait(lambda: driver.execute_script("const u = Upload.uploads[0]; return u && (u.state === 'done' || u.state.startsWith('failed'))"), 600)
        facts["state"] = driver.execute_script("return Upload.uploads[0].state")
        facts["resumed_parts"] = driver.execute_script("return Upload.uploads[0].resumed || 0")
        facts["max_in_flight"] = driver.execute_script("return Upload.maxInFlight")
        facts["overall"] = driver.execute_script("return Number(document.getElementById('overall').value)")
        facts["file_percent"] = driver.execute_script("return Upload.uploads[0].bar.value")
        facts["final_key"] = driver.execute_script("return Upload.uploads[0].info.key")
        facts["size"] = size
        shot(driver, config, "upload-done")
        driver.switch_to.window(jobs_tab)
        driver.set_network_conditions(offline=False, latency=0, download_throughput=500 * 1024 * 1024, upload_throughput=500 * 1024 * 1024)
        key = facts["final_key"]
        status_of = ("const row = Array.from(document.querySelectorAll('#job-rows tr')).find(r => r.querySelector('a') && r.querySelector('a').textContent === arguments[0]);"
                     "return row ? row.querySelector('.status').textContent : null")
        facts["first_status_seen"] = wait(lambda: driver.execute_script(status_of, key), 300)
        facts["final_status"] = wait(lambda: (lambda s: s if s in ("complete", "failed") else None)(driver.execute_script(status_of, key)), 600)
        facts["jobs_tab_not_reloaded"] = driver.execute_script("return window.__notReloaded === true")
        shot(driver, config, "jobs")
    finally:
        driver.quit()
    return facts


def play(config):
    """Opens a job's page: the first rendition plays (readyState >= 2, currentTime advances)."""
    facts = {}
    driver = browser(config)
    try:
        sign_in(driver, config, *config["operator"])
        driver.get(config["url"] + "/job?id=" + urllib.parse.quote(config["record"]))
        wait(lambda: driver.find_elements(By.CSS_SELECTOR, "video"), 60)
        facts["videos"] = len(driver.find_elements(By.CSS_SELECTOR, "video"))
        facts["tracks"] = len(driver.find_elements(By.CSS_SELECTOR, "video track"))
        facts["outputs"] = len(driver.find_elements(By.CSS_SELECTOR, "#outputs tbody tr"))
        facts["thumbnail_loaded"] = wait(lambda: driver.execute_script("const i = document.getElementById('thumbnail'); return i && i.complete && i.naturalWidth > 0"), 60)
        driver.execute_script("const v = document.querySelector('video'); v.muted = true; v.play().catch(e => { window.__playError = String(e); })")
        facts["ready_state"] = wait(lambda: (lambda r: r if r >= 2 else None)(driver.execute_script("return document.querySelector('video').readyState")), 120)
        first = driver.execute_script("return document.querySelector('video').currentTime")
        facts["current_time_advanced"] = bool(wait(lambda: driver.execute_script("return document.querySelector('video').currentTime") > first + 0.2, 120))
        facts["current_time"] = driver.execute_script("return document.querySelector('video').currentTime")
        facts["media_error"] = driver.execute_script("const v = document.querySelector('video'); return v.error ? v.error.code : null")
        facts["play_error"] = driver.execute_script("return window.__playError || null")
        facts["download_links"] = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#outputs a[download]")]
        shot(driver, config, "job")
        if facts["download_links"]:
            facts["download_status"] = raw(facts["download_links"][0])[0]
        if config.get("delete"):
            # Delete outputs: the page asks first; accepted.
            driver.find_element(By.ID, "delete-outputs").click()
            alert = wait(lambda: present_alert(driver), 30)
            alert.accept()
            facts["delete_result"] = wait(lambda: (lambda t: t if t else None)(driver.find_element(By.ID, "action-result").text), 60)
    finally:
        driver.quit()
    return facts


def error(config):
    """Opens a failed job's page: its error code and what to do."""
    facts = {}
    driver = browser(config)
    try:
        sign_in(driver, config, *config["operator"])
        driver.get(config["url"] + "/job?id=" + urllib.parse.quote(config["record"]))
        facts["code"] = driver.find_element(By.ID, "error-code").text
        facts["action"] = driver.find_element(By.ID, "error-action").text
        facts["status"] = driver.find_element(By.ID, "job-status").text
        shot(driver, config, "job-failed")
        if config.get("retry"):
            driver.find_element(By.ID, "retry").click()
            facts["retry_result"] = wait(lambda: (lambda t: t if t else None)(driver.find_element(By.ID, "action-result").text), 60)
    finally:
        driver.quit()
    return facts


def review(config):
    """Signs in as the reviewer; approves config["approve"] and rejects config["reject"] on
    the review page, each with a note."""
    facts = {}
    driver = browser(config)
    try:
        sign_in(driver, config, *config["reviewer"])
        driver.get(config["url"] + "/review")
        row_of = "return Array.from(document.querySelectorAll('#review-rows tr')).find(r => r.dataset.key === arguments[0]) || null"
        wait(lambda: driver.execute_script(row_of, config["approve"]) and driver.execute_script(row_of, config["reject"]), 120, 1) or driver.refresh()
        wait(lambda: driver.execute_script(row_of, config["approve"]) and driver.execute_script(row_of, config["reject"]), 120, 1)
        shot(driver, config, "review")
        for key, button, note in [(config["approve"], "approve", "looks right"), (config["reject"], "reject", "wrong <cut>")]:
            row = driver.execute_script(row_of, key)
            row.find_element(By.CSS_SELECTOR, "textarea.note").send_keys(note)
            row.find_element(By.CSS_SELECTOR, "button." + button).click()
            facts[button] = wait(lambda: driver.execute_script("return arguments[0].dataset.state || null", row), 120)
            facts[button + "_text"] = row.find_element(By.CSS_SELECTOR, ".decision").text
        shot(driver, config, "review-decided")
    finally:
        driver.quit()
    return facts


def deadletters(config):
    """Opens the dead-letters page: the message for config["key"] with its reason; redrives it."""
    facts = {}
    driver = browser(config)
    try:
        sign_in(driver, config, *config["operator"])
        row_of = "return Array.from(document.querySelectorAll('tr[data-box]')).find(r => r.dataset.key === arguments[0]) || null"
        def loaded():
            driver.get(config["url"] + "/dead-letters")
            return driver.execute_script(row_of, config["key"])
        row = wait(loaded, 120, 1)
        facts["found"] = bool(row)
        if row:
            facts["box"] = row.get_attribute("data-box")
            facts["reason"] = row.find_element(By.CSS_SELECTOR, ".reason").text
            shot(driver, config, "dead-letters")
            if config.get("all"):
                # The box's Redrive all, after the page's confirmation.
                button = driver.find_element(By.CSS_SELECTOR, "section[data-box='%s'] button.redrive-all" % facts["box"])
                button.click()
                wait(lambda: present_alert(driver), 30).accept()
                facts["result"] = wait(lambda: (lambda t: t if t.startswith(("redriven:", "failed:")) else None)(button.text), 60)
                facts["state"] = "redriven-all" if facts["result"].startswith("redriven:") else "failed"
            else:
                row.find_element(By.CSS_SELECTOR, "button.redrive").click()
                facts["state"] = wait(lambda: driver.execute_script("return arguments[0].dataset.state || null", row), 60)
                facts["result"] = row.find_element(By.CSS_SELECTOR, ".result").text
    finally:
        driver.quit()
    return facts


def template_edit(config):
    """Edits a template in the page: config["bad"] (refused, with its issues), then
    config["good"] (saved)."""
    facts = {}
    driver = browser(config)
    try:
        sign_in(driver, config, *config["operator"])
        driver.get(config["url"] + "/templates")
        facts["listed"] = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#template-list a")]
        shot(driver, config, "templates")
        driver.get(config["url"] + "/template?name=" + urllib.parse.quote(config["name"]))
        facts["original_matches"] = driver.find_element(By.ID, "template-text").get_attribute("value") == config["original"]
        form = driver.find_element(By.ID, "template-form")
        for which in ["bad", "good"]:
            driver.execute_script("document.getElementById('template-text').value = arguments[0]; delete document.getElementById('template-form').dataset.state", config[which])
            driver.find_element(By.ID, "save-template").click()
            facts[which + "_state"] = wait(lambda: form.get_attribute("data-state"), 60)
            facts[which + "_result"] = driver.find_element(By.ID, "template-result").text
            facts[which + "_issues"] = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in driver.find_elements(By.CSS_SELECTOR, "#issue-rows tr")]
            shot(driver, config, "template-" + which)
    finally:
        driver.quit()
    return facts


def folder_and_abort(config):
    """Chooses a whole folder (config["folder"]) in the upload page's folder input: every
    file goes up with its path; then, throttled, chooses config["abort_file"] and presses its
    Abort while parts are on the wire."""
    facts = {}
    driver = browser(config)
    try:
        sign_in(driver, config, *config["operator"])
        driver.get(config["url"] + "/upload")
        driver.find_element(By.ID, "folder-input").send_keys(config["folder"])
        count = config["folder_files"]
        wait(lambda: driver.execute_script(
            "return Upload.uploads.length === arguments[0] && Upload.uploads.every(u => u.state === 'done' || u.state.startsWith('failed'))", count), 300)
        facts["folder_uploads"] = driver.execute_script("return Upload.uploads.map(u => [u.path, u.info ? u.info.key : null, u.state])")
        shot(driver, config, "upload-folder")
        driver.set_network_conditions(offline=False, latency=5, download_throughput=50 * 1024 * 1024, upload_throughput=512 * 1024)
        driver.find_element(By.ID, "file-input").send_keys(config["abort_file"])
        index = count
        # Parts are on the wire (some bytes sent, far from done): press this file's Abort.
        wait(lambda: driver.execute_script(
            "const u = Upload.uploads[arguments[0]]; if (!u || !u.info) return false;"
            "return Object.values(u.sent).reduce((a, b) => a + b, 0) > 0 && (u.requests || new Set()).size > 0", index), 300, 0.05)
        facts["abort_key"] = driver.execute_script("return Upload.uploads[arguments[0]].info.key", index)
        facts["abort_upload_id"] = driver.execute_script("return Upload.uploads[arguments[0]].info.uploadId", index)
        facts["state_before_abort"] = driver.execute_script("return Upload.uploads[arguments[0]].state", index)
        driver.execute_script("Upload.uploads[arguments[0]].row.querySelector('button.abort').click()", index)
        facts["abort_answer"] = wait(lambda: driver.execute_script("return Upload.uploads[arguments[0]].row.dataset.abort || null", index), 120)
        facts["abort_state"] = driver.execute_script("return Upload.uploads[arguments[0]].stateCell.textContent", index)
        shot(driver, config, "upload-aborted")
    finally:
        driver.quit()
    return facts


def hls(config):
    """Opens a job with an HLS package: each multivariant playlist's figure, whether this
    browser plays HLS itself, and the session cookie (the test plays the playlists with ffmpeg)."""
    facts = {}
    driver = browser(config)
    try:
        sign_in(driver, config, *config["viewer"])
        driver.get(config["url"] + "/job?id=" + urllib.parse.quote(config["record"]))
        wait(lambda: driver.execute_script("return Array.from(document.querySelectorAll('figure[data-hls]')).every(f => f.dataset.native)"), 60)
        facts["figures"] = driver.execute_script("return Array.from(document.querySelectorAll('figure[data-hls]')).map(f => [f.dataset.hls, f.dataset.native, !f.querySelector('.hls-note').hidden, !f.querySelector('video').hidden])")
        facts["cookie"] = session_cookie(driver)["value"]
        if driver.execute_script("return document.querySelector('figure[data-hls]').dataset.native") == "true":
            # This browser plays HLS itself: the first playlist plays through the console.
            play = "const v = document.querySelector('figure[data-hls] video'); v.muted = true; v.play().catch(e => { window.__playError = String(e); })"
            driver.execute_script(play)
            state = "return document.querySelector('figure[data-hls] video').readyState"
            facts["ready_state"] = wait(lambda: (lambda r: r if r >= 2 else None)(driver.execute_script(state)), 120)
            now = "return document.querySelector('figure[data-hls] video').currentTime"
            first = driver.execute_script(now)
            facts["current_time_advanced"] = bool(wait(lambda: driver.execute_script(now) > first + 0.2, 120))
            facts["media_error"] = driver.execute_script("const v = document.querySelector('figure[data-hls] video'); return v.error ? v.error.code : null")
            facts["play_error"] = driver.execute_script("return window.__playError || null")
        driver.execute_script("document.querySelector('figure[data-hls]').scrollIntoView()")
        shot(driver, config, "job-hls")
    finally:
        driver.quit()
    return facts


def rerun(config):
    """Opens a completed job's page and re-runs it with config["template"] (after the page's
    confirmation); then, once the worker has re-run it, reloads the page for what it says."""
    facts = {}
    driver = browser(config)
    try:
        sign_in(driver, config, *config["operator"])
        page = config["url"] + "/job?id=" + urllib.parse.quote(config["record"])
        driver.get(page)
        select = driver.find_element(By.ID, "rerun-template")
        facts["choices"] = [option.get_attribute("value") for option in select.find_elements(By.TAG_NAME, "option")]
        facts["selected_before"] = select.get_attribute("value")
        driver.execute_script("arguments[0].value = arguments[1]", select, config["template"])
        driver.find_element(By.ID, "rerun").click()
        alert = wait(lambda: present_alert(driver), 30)
        alert.accept()
        facts["result"] = wait(lambda: (lambda t: t if t else None)(driver.find_element(By.ID, "action-result").text), 60)
        def rerun_shown():
            driver.get(page)
            shown = driver.find_elements(By.ID, "job-rerun")
            return shown[0].text if shown else None
        facts["rerun_text"] = wait(rerun_shown, 240, 1)
        facts["template_shown"] = driver.find_element(By.ID, "job-template").text if driver.find_elements(By.ID, "job-template") else None
        driver.execute_script("const r = document.getElementById('job-rerun'); if (r) r.scrollIntoView()")
        shot(driver, config, "job-rerun")
    finally:
        driver.quit()
    return facts


def plan(config):
    """Opens a template's page, chooses config["record"]'s upload and previews the plan of
    the editor's text (config["text"] when given: an unsaved edit)."""
    facts = {}
    driver = browser(config)
    try:
        sign_in(driver, config, *config["viewer"])
        driver.get(config["url"] + "/template?name=" + urllib.parse.quote(config["name"]))
        select = driver.find_element(By.ID, "plan-upload")
        facts["uploads"] = [option.get_attribute("value") for option in select.find_elements(By.TAG_NAME, "option")]
        driver.execute_script("arguments[0].value = arguments[1]", select, config["record"])
        if config.get("text"):
            driver.execute_script("document.getElementById('template-text').value = arguments[0]", config["text"])
        form = driver.find_element(By.ID, "template-form")
        driver.find_element(By.ID, "preview-plan").click()
        facts["state"] = wait(lambda: form.get_attribute("data-plan"), 60)
        facts["result"] = driver.find_element(By.ID, "plan-result").text
        facts["outputs"] = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in driver.find_elements(By.CSS_SELECTOR, "#plan-outputs tr")]
        facts["dropped"] = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#plan-dropped li")]
        facts["request"] = driver.execute_script("return document.getElementById('plan-request').textContent")
        driver.execute_script("const d = document.querySelector('#plan-details details'); if (d) d.open = true; document.getElementById('plan-preview').scrollIntoView()")
        shot(driver, config, config.get("shot", "template-plan"))
    finally:
        driver.quit()
    return facts


if __name__ == "__main__":
    scenario, config = sys.argv[1], json.loads(sys.argv[2])
    result = {"security": security, "upload": upload, "play": play, "error": error, "review": review, "deadletters": deadletters, "template": template_edit, "rerun": rerun, "plan": plan, "folder": folder_and_abort, "hls": hls}[scenario](config)
    print(json.dumps(result))
