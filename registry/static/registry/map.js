/* Draws every .map element: the vendored Natural Earth basemap (land and province/state outlines,
   no labels, no tiles) and one great-circle arc per pair. The arcs' points come from the server
   (registry/geo.py) already unwrapped for a Pacific-centred view, so this script only draws.
   Hover shows the pair's (or place's) name; a tap or click opens a popup with a link to its page. */
(function () {
  "use strict";

  var basemaps = {};

  function loadBasemap(url) {
    if (!basemaps[url]) {
      basemaps[url] = fetch(url).then(function (response) { return response.json(); });
    }
    return basemaps[url];
  }

  var WEST_EDGE = -30;

  function shiftRing(ring, turn) {
    return ring.map(function (point) {
      return [point[0] + (turn(point) ? 360 : 0), point[1]];
    });
  }

  // Land of the Americas is drawn 360 degrees east, as in registry/geo.py, and also where it is,
  // so that the few great circles that leave China westwards over the Arctic still end on land.
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

  function link(arc) {
    var anchor = document.createElement("a");
    anchor.href = arc.url;
    anchor.textContent = arc.label;
    return anchor;
  }

  // Leaflet renders a string tooltip as HTML: a place named `<img onerror=…>` would become an
  // element. Names are data, so they go in as text.
  function text(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
  }

  function draw(element) {
    var data = JSON.parse(document.getElementById(element.dataset.arcs).textContent);
    var map = L.map(element, {
      attributionControl: false,
      worldCopyJump: false,
      minZoom: 0,
      maxZoom: 8,
      zoomSnap: 0.25
    });
    // China on the left, the United States on the right, the Pacific between them.
    map.fitBounds(L.latLngBounds([[12, 75], [62, 292]]));
    var arcs = L.featureGroup().addTo(map);
    data.arcs.forEach(function (arc) {
      var line = L.polyline(arc.points, {
        className: "pair-arc pair-arc-" + arc.kind,
        weight: arc.kind === "province_state" ? 2.5 : 1.5,
        interactive: true
      });
      line.bindTooltip(text(arc.label), { sticky: true });
      line.bindPopup(link(arc));
      line.addTo(arcs);
    });
    data.places.forEach(function (place) {
      var dot = L.circleMarker(place.point, { className: "place-dot", radius: 3, weight: 1 });
      dot.bindTooltip(text(place.label));
      dot.bindPopup(link(place));
      dot.addTo(arcs);
    });
    if (element.dataset.fit === "arcs" && data.arcs.length) {
      map.fitBounds(arcs.getBounds(), { padding: [20, 20], maxZoom: 5 });
    }
    element.dataset.arcCount = String(data.arcs.length);
    element.leafletMap = map;
    loadBasemap(element.dataset.basemap).then(function (basemap) {
      var styles = {
        land: { className: "basemap-land", weight: 0.5 },
        admin1: { className: "basemap-admin1", weight: 0.6, fill: false }
      };
      // Drawn under the arcs: outlines first to the back, then land behind them.
      ["admin1", "land"].forEach(function (name) {
        var features = basemap.features.filter(function (f) { return f.properties.layer === name; });
        L.geoJSON(
          { type: "FeatureCollection", features: features.map(shifted) },
          { interactive: false, style: styles[name] }
        ).addTo(map).bringToBack();
      });
      element.dataset.basemapLoaded = "true";
    });
  }

  document.querySelectorAll(".map[data-arcs]").forEach(draw);
})();
