// The harness page: ODK Web Forms fed with the form and media a phone downloaded from the server.
//
// The test serves this page and answers `form.xml` and `media/<name>` with what it fetched from the live server's
// OpenRosa endpoints. When the person presses Send on a valid form, the instance XML the engine produced (and the
// names of its attachments) are put on `window.__submission` for the test to send, as Collect would, to the
// server's submission endpoint.
import { createApp, h } from "vue";
import { OdkWebForm, webFormsPlugin } from "@getodk/web-forms";

const formXml = await (await fetch("form.xml")).text();

// The form refers to its media as jr://file-csv/members.csv and the like: the file name is what the manifest lists.
function fetchFormAttachment(url) {
  const name = new URL(url).pathname.split("/").pop();
  return fetch(`media/${encodeURIComponent(name)}`);
}

async function onSubmit(payload, callback) {
  const data = payload.data[0];
  const instance = data.get("xml_submission_file");
  const attachments = [...data.keys()].filter((name) => name !== "xml_submission_file");
  window.__submission = {
    status: payload.status,
    xml: await instance.text(),
    attachments,
  };
  callback({ status: "success" });
}

// trackDevice: the engine fills the form's deviceid, as Collect does.
const app = createApp({
  render: () => h(OdkWebForm, { formXml, fetchFormAttachment, onSubmit, trackDevice: true }),
});
app.use(webFormsPlugin);
app.mount("#app");
