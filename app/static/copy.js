// Copy buttons next to private and share links. Without JavaScript the buttons stay hidden and the
// read-only field can be selected and copied by hand.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const done = button.parentElement.querySelector(".copy-done");
  button.hidden = false;
  button.addEventListener("click", async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (error) {
      document.execCommand("copy"); // older browsers, or a page not served over HTTPS
    }
    if (done) done.textContent = "Copied";
  });
});
