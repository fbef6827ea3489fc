// Saves bytes produced on the server (CSV export) as a file in the browser.
window.ciieDownload = (fileName, base64, contentType) => {
    const link = document.createElement('a');
    link.href = `data:${contentType};base64,${base64}`;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
};
