// The sign-in page: shows why the last attempt failed (from ?error=) and
// carries ?next= (the page asked for) through the form post.
const MESSAGES = {
  signin: "Wrong name or password.",
  wait: "Too many attempts. Wait a minute, then try again.",
  unavailable: "Signing in is not possible right now. Try again later.",
};

const params = new URLSearchParams(location.search);
const message = document.getElementById("signin-message");
const error = params.get("error");
if (error) {
  message.textContent = MESSAGES[error] ?? MESSAGES.signin;
  message.hidden = false;
}
document.getElementById("next").value = params.get("next") ?? "";
document.getElementById("name").focus();
