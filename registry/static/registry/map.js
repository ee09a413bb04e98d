/* Draws every .map element: the vendored Natural Earth basemap (land and province/state outlines,
   no labels, no tiles) and one great-circle arc per pair. The arcs' points come from the server
   (registry/geo.py) already unwrapped for a Pacific-centred view, so this script only draws.
   Hover shows the pair's name; a tap or click opens a popup with a link to its page. */
(function () {
  "use strict";

  var basemaps = {};

  function loadBasemap(url) {
    if (!basemaps[url]) {
      basemaps[url] = fetch(url).then(function (response) { return response.json(); });
    }
    return basemaps[url];
  }

  // Longitudes of the Americas are drawn 360 degrees east, as in registry/geo.py.
  function pacific(coordinates) {
    return coordinates.map(function (ring) {
      var west = ring.every(function (point) { return point[0] < -30; });
      return ring.map(function (point) { return [point[0] + (west ? 360 : 0), point[1]]; });
    });
  }

  function shifted(feature) {
    return {
      type: "Feature",
      properties: feature.properties,
      geometry: { type: "MultiPolygon", coordinates: feature.geometry.coordinates.map(pacific) }
    };
  }

  function link(arc) {
    var anchor = document.createElement("a");
    anchor.href = arc.url;
    anchor.textContent = arc.label;
    return anchor;
  }

  function draw(element) {
    var data = JSON.parse(document.getElementById(element.dataset.arcs).textContent);
    var map = L.map(element, {
      attributionControl: false,
      worldCopyJump: false,
      minZoom: 1,
      maxZoom: 8,
      zoomSnap: 0.25
    });
    var bounds = L.latLngBounds([[15, 70], [55, 300]]);
    map.fitBounds(bounds);
    var arcs = L.featureGroup().addTo(map);
    data.arcs.forEach(function (arc) {
      var line = L.polyline(arc.points, {
        className: "pair-arc pair-arc-" + arc.kind,
        weight: arc.kind === "province_state" ? 2.5 : 1.5,
        interactive: true
      });
      line.bindTooltip(arc.label, { sticky: true });
      line.bindPopup(link(arc));
      line.addTo(arcs);
    });
    if (data.arcs.length) {
      map.fitBounds(arcs.getBounds(), { padding: [20, 20], maxZoom: 5 });
    }
    element.dataset.arcCount = String(data.arcs.length);
    loadBasemap(element.dataset.basemap).then(function (basemap) {
      var layer = L.geoJSON(
        { type: "FeatureCollection", features: basemap.features.map(shifted) },
        {
          interactive: false,
          style: function (feature) {
            return feature.properties.layer === "land"
              ? { className: "basemap-land", weight: 0.5 }
              : { className: "basemap-admin1", weight: 0.6, fill: false };
          }
        }
      ).addTo(map);
      layer.bringToBack();
      element.dataset.basemapLoaded = "true";
    });
  }

  document.querySelectorAll(".map[data-arcs]").forEach(draw);
})();
