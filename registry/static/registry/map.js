/* Draws every .map element on the vendored Natural Earth basemap (land and province/state
   outlines, no labels, no tiles). The lines' points come from the server (registry/geo.py),
   already unwrapped for a Pacific-centred view, so this script only draws:
   - a pair page's one arc, from JSON in the page (data-arcs);
   - elsewhere, from the cached JSON endpoints (registry/map_views.py): at world zoom the flows
     between provinces/states (or countries), as thick as their count; from ARC_ZOOM on, each pair
     with a place in the visible area, fetched per tile.
   The map is one tab stop (Leaflet's keyboard: arrows pan, + and - zoom); its lines and dots are
   not. The list under the map names what it shows, for keyboards and screen readers. */
(function () {
  "use strict";

  var WEST_EDGE = -30;        // registry/geo.py
  var ARC_ZOOM = 4;           // from this zoom on, each pair instead of the flows
  var TILE_ORIGIN_SPAN = 720; // registry/map_layers.py
  var MIN_TILE_ZOOM = 3;
  var MAX_TILE_ZOOM = 10;

  var BASEMAP_CHUNK_POINTS = 250; // land and outlines are drawn in pieces of about this many points
  var SLICE_MS = 4;               // main-thread time the queue uses before it lets the browser in

  var basemaps = {};

  // Drawing a map is many small jobs (one line, one piece of the basemap) run in order from this
  // queue, a few milliseconds at a time: the page stays responsive to input while the map draws,
  // instead of the browser being blocked for the whole map at once.
  var jobs = [];
  var channel = new MessageChannel();
  var pending = false;

  function runJobs() {
    var start = performance.now();
    while (jobs.length && performance.now() - start < SLICE_MS) {
      jobs.shift()();
    }
    pending = jobs.length > 0;
    if (pending) { channel.port2.postMessage(null); }
  }
  channel.port1.onmessage = runJobs;

  function later(job) {
    jobs.push(job);
    if (!pending) {
      pending = true;
      channel.port2.postMessage(null);
    }
  }

  function loadBasemap(url) {
    if (!basemaps[url]) {
      basemaps[url] = fetch(url).then(function (response) { return response.json(); });
    }
    return basemaps[url];
  }

  function shiftRing(ring, turn) {
    return ring.map(function (point) {
      return [point[0] + (turn(point) ? 360 : 0), point[1]];
    });
  }

  // Land of the Americas is drawn 360 degrees east, as in registry/geo.py, and also where it is.
  // A ring cut at the antimeridian (Chukotka) has each western point moved instead.
  function pacific(polygons) {
    var result = [];
    polygons.forEach(function (polygon) {
      var lons = polygon[0].map(function (point) { return point[0]; });
      var min = Math.min.apply(null, lons);
      var max = Math.max.apply(null, lons);
      var mean = lons.reduce(function (a, b) { return a + b; }, 0) / lons.length;
      if (max - min > 180) {
        result.push(polygon.map(function (ring) {
          return shiftRing(ring, function (point) { return point[0] < WEST_EDGE; });
        }));
      } else if (mean < WEST_EDGE) {
        result.push(polygon);
        result.push(polygon.map(function (ring) {
          return shiftRing(ring, function () { return true; });
        }));
      } else {
        result.push(polygon);
      }
    });
    return result;
  }

  function shifted(feature) {
    return {
      type: "Feature",
      properties: feature.properties,
      geometry: { type: "MultiPolygon", coordinates: pacific(feature.geometry.coordinates) }
    };
  }

  function anchor(url, label) {
    var element = document.createElement(url ? "a" : "span");
    if (url) { element.href = url; }
    element.textContent = label;  // names are data: text, never HTML
    return element;
  }

  function text(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
  }

  function pairs(element, count) {
    return count === 1 ? element.dataset.onePair : element.dataset.pairs.replace("{count}", count);
  }

  // SVG lines and dots must not be tab stops (chromium makes each a stop, Leaflet gives them focus
  // listeners for their tooltips): the map is one. Their element exists once they are on the map.
  function untabbable(layer) {
    layer.on("add", function () {
      var node = layer.getElement();
      node.setAttribute("tabindex", "-1");
      node.setAttribute("focusable", "false");
    });
  }

  function flowLabel(element, flow) {
    return flow.a + " – " + flow.b + ": " + pairs(element, flow.count);
  }

  function flowItem(element, flow) {
    var item = document.createElement("li");
    item.appendChild(anchor(flow.a_url, flow.a));
    item.appendChild(document.createTextNode(" – "));
    item.appendChild(anchor(flow.b_url, flow.b));
    item.appendChild(document.createTextNode(": " + pairs(element, flow.count)));
    return item;
  }

  function arcItem(arc) {
    var item = document.createElement("li");
    item.appendChild(anchor(arc.url, arc.label));
    return item;
  }

  function setList(element, items) {
    var list = document.querySelector('[data-map-list-for="' + element.id + '"]');
    if (!list) { return; }
    list.replaceChildren.apply(list, items);
  }

  function setStatus(element, message) {
    var status = document.querySelector('[data-map-status-for="' + element.id + '"]');
    if (status) { status.textContent = message; }
  }

  function drawArc(layer, arc) {
    var line = L.polyline(arc.points, {
      className: "pair-arc pair-arc-" + arc.kind,
      weight: arc.kind === "province_state" ? 2.5 : 1.5
    });
    line.bindTooltip(text(arc.label), { sticky: true });
    line.bindPopup(anchor(arc.url, arc.label));
    untabbable(line);
    line.addTo(layer);
  }

  function drawPlace(layer, place) {
    var dot = L.circleMarker(place.point, { className: "place-dot", radius: 3, weight: 1 });
    dot.bindTooltip(text(place.label));
    dot.bindPopup(anchor(place.url, place.label));
    untabbable(dot);
    dot.addTo(layer);
  }

  function drawFlow(element, layer, flow) {
    if (!flow.points) { return; }
    var line = L.polyline(flow.points, {
      className: "pair-flow",
      weight: Math.min(1.5 + 1.5 * Math.log2(flow.count), 9)
    });
    line.bindTooltip(text(flowLabel(element, flow)), { sticky: true });
    var popup = document.createElement("span");
    popup.appendChild(flowItem(element, flow));
    line.bindPopup(popup);
    untabbable(line);
    line.addTo(layer);
  }

  // The tiles (registry/map_layers.py) that cover the visible part of the drawn window.
  function visibleTiles(map) {
    var zoom = Math.max(MIN_TILE_ZOOM, Math.min(MAX_TILE_ZOOM, Math.floor(map.getZoom())));
    var span = TILE_ORIGIN_SPAN / Math.pow(2, zoom);
    var bounds = map.getBounds();
    var west = Math.max(bounds.getWest(), WEST_EDGE);
    var east = Math.min(bounds.getEast(), WEST_EDGE + 360 - 1e-9);
    var south = Math.max(bounds.getSouth(), -90);
    var north = Math.min(bounds.getNorth(), 90 - 1e-9);
    var tiles = [];
    for (var x = Math.floor((west - WEST_EDGE) / span); x <= Math.floor((east - WEST_EDGE) / span); x++) {
      for (var y = Math.floor((south + 90) / span); y <= Math.floor((north + 90) / span); y++) {
        tiles.push(zoom + "/" + x + "/" + y);
      }
    }
    return tiles;
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  // Returns a promise settled once the map's view is final: at once, or for a map fitted to its
  // flows (data-fit), once they have been fetched and the view fitted to them.
  function drawFromEndpoints(element, map) {
    var flowsLayer = L.featureGroup();
    var arcsLayer = L.featureGroup();
    var flows = null;
    var flowItems = [];
    var tiles = {};
    var shown = null;
    var query = element.dataset.query ? "?" + element.dataset.query : "";

    function showFlows() {
      if (shown === "flows") { return; }
      shown = "flows";
      arcsLayer.remove();
      flowsLayer.addTo(map);
      var status = element.dataset["status" + (flows.level === "country" ? "Country" : "Province")];
      if (flows.total > flows.flows.length) {
        status += " " + element.dataset.statusFlowsCapped
          .replace("{total}", flows.total).replace("{shown}", flows.flows.length);
      }
      setStatus(element, status);
      setList(element, flowItems);
    }

    function showArcs() {
      shown = "arcs";
      var wanted = visibleTiles(map);
      setStatus(element, element.dataset.statusLoading);
      element.dataset.tilesLoaded = "false";
      Promise.all(wanted.map(function (tile) {
        if (!tiles[tile]) { tiles[tile] = fetchJson(element.dataset.tiles + tile + ".json" + query); }
        return tiles[tile];
      })).then(function (results) {
        if (shown !== "arcs") { return; }
        flowsLayer.remove();
        arcsLayer.clearLayers();
        var arcs = {};
        var places = {};
        var total = 0;
        var capped = false;
        results.forEach(function (result) {
          result.arcs.forEach(function (arc) { arcs[arc.url] = arc; });
          result.places.forEach(function (place) { places[place.url] = place; });
          total += result.total;
          capped = capped || result.total > result.arcs.length;
        });
        var list = Object.keys(arcs).map(function (url) { return arcs[url]; });
        list.forEach(function (arc) { drawArc(arcsLayer, arc); });
        Object.keys(places).forEach(function (url) { drawPlace(arcsLayer, places[url]); });
        arcsLayer.addTo(map);
        setStatus(element, capped
          ? element.dataset.statusCapped.replace("{total}", total).replace("{shown}", list.length)
          : element.dataset.statusArcs);
        setList(element, list.map(arcItem));
        element.dataset.arcCount = String(list.length);
        element.dataset.tilesLoaded = "true";
      }).catch(function () { setStatus(element, element.dataset.statusFailed); });
    }

    function update() {
      if (!flows) { return; }
      if (map.getZoom() >= ARC_ZOOM) { showArcs(); } else { showFlows(); }
    }

    setStatus(element, element.dataset.statusLoading);
    map.on("moveend", update);
    var fetched = fetchJson(element.dataset.flows).then(function (data) {
      var points = [];
      data.flows.forEach(function (flow) { if (flow.points) { points.push.apply(points, flow.points); } });
      if (element.dataset.fit === "arcs" && points.length) {
        map.fitBounds(L.latLngBounds(points), { padding: [20, 20], maxZoom: ARC_ZOOM - 0.25 });
      }
      // At world zoom each line shows as soon as it is drawn.
      if (map.getZoom() < ARC_ZOOM) { flowsLayer.addTo(map); }
      data.flows.forEach(function (flow) {
        later(function () {
          drawFlow(element, flowsLayer, flow);
          flowItems.push(flowItem(element, flow));
        });
      });
      later(function () {
        flows = data;
        element.dataset.flowCount = String(data.flows.length);
        element.dataset.flowLevel = data.level;
        update();
      });
    }).catch(function () { setStatus(element, element.dataset.statusFailed); });
    return element.dataset.fit === "arcs" ? fetched : Promise.resolve();
  }

  function drawInline(element, map) {
    var data = JSON.parse(document.getElementById(element.dataset.arcs).textContent);
    var layer = L.featureGroup().addTo(map);
    data.arcs.forEach(function (arc) { drawArc(layer, arc); });
    data.places.forEach(function (place) { drawPlace(layer, place); });
    if (element.dataset.fit === "arcs" && data.arcs.length) {
      map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 5 });
    }
    setList(element, data.arcs.map(arcItem));
    element.dataset.arcCount = String(data.arcs.length);
  }

  // A layer's polygons in groups of about BASEMAP_CHUNK_POINTS points, each drawn by one job.
  function pieces(polygons) {
    var result = [[]];
    var size = 0;
    polygons.forEach(function (polygon) {
      var points = polygon.reduce(function (count, ring) { return count + ring.length; }, 0);
      if (size && size + points > BASEMAP_CHUNK_POINTS) {
        result.push([]);
        size = 0;
      }
      result[result.length - 1].push(polygon);
      size += points;
    });
    return result;
  }

  // The basemap, in its own pane under the lines (site.css): land, then the outlines over it.
  function drawBasemap(element, map, basemap) {
    var styles = {
      land: { className: "basemap-land", weight: 0.5 },
      admin1: { className: "basemap-admin1", weight: 0.6, fill: false }
    };
    map.createPane("basemap");
    ["land", "admin1"].forEach(function (name) {
      basemap.features.forEach(function (feature) {
        if (feature.properties.layer !== name) { return; }
        pieces(feature.geometry.coordinates).forEach(function (polygons) {
          later(function () {
            L.geoJSON(
              shifted({ type: "Feature", properties: feature.properties, geometry: { coordinates: polygons } }),
              { interactive: false, pane: "basemap", style: styles[name] }
            ).addTo(map);
          });
        });
      });
    });
    later(function () { element.dataset.basemapLoaded = "true"; });
  }

  function draw(element) {
    var map = L.map(element, {
      attributionControl: false,
      worldCopyJump: false,
      minZoom: 0,
      maxZoom: 8,
      zoomSnap: 0.25
    });
    // The zoom buttons are for pointers; keyboards zoom the focused map with + and -.
    element.querySelectorAll(".leaflet-control-zoom a").forEach(function (button) {
      button.setAttribute("tabindex", "-1");
    });
    // Made, shown and drawn on in separate jobs.
    later(function () {
      // China on the left, the United States on the right, the Pacific between them.
      map.fitBounds(L.latLngBounds([[12, 75], [62, 292]]));
      element.leafletMap = map;
      later(function () { drawData(element, map); });
    });
  }

  function drawData(element, map) {
    var ready = Promise.resolve();
    if (element.dataset.arcs) { drawInline(element, map); } else { ready = drawFromEndpoints(element, map); }
    // Drawn once the view is final: moving the map redraws every piece already drawn.
    Promise.all([loadBasemap(element.dataset.basemap), ready]).then(function (results) {
      drawBasemap(element, map, results[0]);
    });
  }

  // The map page's place finder: finds places by any of their names and moves the map there.
  function finder(form) {
    var map = document.getElementById(form.dataset.map);
    var results = form.querySelector(".map-finder-results");
    form.addEventListener("submit", function (event) {
      var value = form.querySelector("input[type=search]").value.trim();
      if (!value || !map || !map.leafletMap) { return; }  // without the map: the pair list's search
      event.preventDefault();
      fetchJson(form.dataset.finder + "?find=" + encodeURIComponent(value)).then(function (data) {
        results.replaceChildren();
        if (!data.places.length) {
          results.appendChild(text(form.dataset.none));
          return;
        }
        data.places.forEach(function (place) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = place.label;
          button.addEventListener("click", function () { go(place); });
          item.appendChild(button);
          item.appendChild(document.createTextNode(" "));
          item.appendChild(anchor(place.url, form.dataset.page));
          results.appendChild(item);
        });
        go(data.places[0]);
      }).catch(function () { results.replaceChildren(text(form.dataset.failed)); });
    });

    function go(place) {
      map.leafletMap.setView(place.point, place.level === "province" ? ARC_ZOOM + 1 : ARC_ZOOM + 3);
      map.dataset.found = place.url;
      map.focus();
    }
  }

  // The data is asked for at once; each map is made in a task of its own, after the page's.
  document.querySelectorAll(".map[data-arcs], .map[data-flows]").forEach(function (element) {
    loadBasemap(element.dataset.basemap);
    later(function () { draw(element); });
  });
  document.querySelectorAll("form.map-finder").forEach(finder);
})();
