/* leadgate tracker, built from web/tracker/t.src.js by build.mjs */
(function(w,d,n){
var s=d.currentScript;
if(!s||w.leadgate)return;
var key=s.getAttribute("data-write-key");
var host=s.getAttribute("data-host")||new URL(s.src,location.href).origin;
var ID="lg_aid";
var sentPage=false,
path=location.pathname,
href=location.href,
referrer=d.referrer,
visibleMs=0,
since=null;
function allowed(){
var dnt=n.doNotTrack||w.doNotTrack||n.msDoNotTrack;
if(dnt=="1"||dnt=="yes"||n.globalPrivacyControl===true)return false;
if(w.leadgateConsent===false)return false;
return w.leadgateConsent===true||s.getAttribute("data-consent")!="required";
}
function uuid(){
if(w.crypto&&crypto.randomUUID)return crypto.randomUUID();
var b=crypto.getRandomValues(new Uint8Array(16)),
h="";
for(var i=0;i<16;i++)h+=(b[i]+256).toString(16).slice(1);
return h;
}
function anonymousId(){
var id;
try{
id=localStorage.getItem(ID);
}catch(e){}
if(!id){
var m=d.cookie.match(/(?:^|; )lg_aid=([^;]+)/);
id=m&&m[1];
}
if(!id){
id=uuid();
try{
localStorage.setItem(ID,id);
}catch(e){
d.cookie=ID+"="+id+"; Max-Age=31536000; Path=/; SameSite=Lax";
}
}
return id;
}
function forget(){
try{
localStorage.removeItem(ID);
}catch(e){}
d.cookie=ID+"=; Max-Age=0; Path=/";
}
function send(type,body){
if(!key||!allowed())return;
body.writeKey=key;
body.anonymousId=anonymousId();
body.messageId=uuid();
body.timestamp=new Date().toISOString();
body.context={
page:{path:path,url:href,title:d.title,referrer:referrer,search:location.search},
userAgent:n.userAgent,
locale:n.language,
library:{name:"leadgate-tracker",version:"1"},
};
var url=host+"/v1/"+type,
text=JSON.stringify(body);
if(!(n.sendBeacon&&n.sendBeacon(url,text)))
fetch(url,{
method:"POST",
body:text,
keepalive:true,
mode:"no-cors",
headers:{"Content-Type":"text/plain"},
}).catch(function(){});
}
function page(){
sentPage=true;
send("page",{
name:d.title,
properties:{path:path,url:href,title:d.title,referrer:referrer,search:location.search},
});
}
function visible(){
return d.visibilityState=="visible";
}
function pause(){
if(since!=null){
visibleMs+=Date.now()-since;
since=null;
}
}
function flush(){
pause();
var seconds=Math.floor(visibleMs/1000);
if(seconds>0){
visibleMs-=seconds*1000;
send("track",{event:"Page Engaged",properties:{path:path,seconds:seconds}});
}
if(visible())since=Date.now();
}
function navigated(){
if(location.pathname==path)return;
flush();
visibleMs=0;
referrer=href;
href=location.href;
path=location.pathname;
page();
}
["pushState","replaceState"].forEach(function(f){
var o=history[f];
history[f]=function(){
var r=o.apply(this,arguments);
navigated();
return r;
};
});
w.addEventListener("popstate",navigated);
d.addEventListener("visibilitychange",function(){
visible()?(since=since||Date.now()):flush();
});
w.addEventListener("pagehide",flush);
w.leadgate={
consent:function(granted){
w.leadgateConsent=!!granted;
if(!granted){
forget();
visibleMs=0;
return;
}
if(!sentPage)page();
},
flush:flush,
};
if(visible())since=Date.now();
if(allowed())page();
})(window,document,navigator);
