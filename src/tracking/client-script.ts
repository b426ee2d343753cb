/**
 * `/sr.js`: keeps the `sr_id` of the landing URL in a first-party cookie for 90 days so the site
 * can send it with its conversions (`window.socialroi.clickId()`). `data-attribution="first"`
 * keeps the first click seen; the default, last, keeps the latest. `data-domain=".example.com"`
 * shares the cookie across subdomains.
 */
export const CLIENT_SCRIPT = `(function(){
var script=document.currentScript,name="sr_id",maxAge=90*24*60*60;
var first=script&&script.getAttribute("data-attribution")==="first";
var domain=script&&script.getAttribute("data-domain");
function read(){var m=document.cookie.match(/(?:^|;\\s*)sr_id=([^;]*)/);return m?decodeURIComponent(m[1]):null}
var id=new URLSearchParams(location.search).get(name);
if(id&&/^clk_[0-9A-Za-z]{1,64}$/.test(id)&&!(first&&read())){
document.cookie=name+"="+encodeURIComponent(id)+"; Max-Age="+maxAge+"; Path=/; SameSite=Lax"+(domain?"; Domain="+domain:"")+(location.protocol==="https:"?"; Secure":"");
}
window.socialroi={clickId:read};
})();
`;
