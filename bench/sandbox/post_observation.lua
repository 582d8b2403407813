-- POST a valid R4 Observation to [base]/Observation, subject a random seeded patient.
-- wrk -s post_observation.lua BASE -- PATIENT_IDS_FILE
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local patients
local codes = {
  {"2339-0", "Glucose [Mass/volume] in Blood", "mg/dL"},
  {"2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL"},
  {"718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL"},
}
local template = '{"resourceType":"Observation","status":"final",'
  .. '"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],'
  .. '"code":{"coding":[{"system":"http://loinc.org","code":"%s","display":"%s"}]},'
  .. '"subject":{"reference":"Patient/%s"},"effectiveDateTime":"2025-%02d-%02dT09:15:00Z",'
  .. '"valueQuantity":{"value":%d.%d,"unit":"%s","system":"http://unitsofmeasure.org","code":"%s"}}'

function init(args)
  patients = load_ids(args[1])
  math.randomseed(os.time() * 100 + (thread_index or 0))
  wrk.method = "POST"
  wrk.path = wrk.path .. "/Observation"
  wrk.headers["Content-Type"] = "application/fhir+json"
  wrk.headers["Accept"] = "application/fhir+json"
end

function request()
  local code = codes[math.random(#codes)]
  local body = string.format(template, code[1], code[2], patients[math.random(#patients)],
    math.random(12), math.random(28), math.random(5, 250), math.random(0, 9), code[3], code[3])
  return wrk.format(nil, nil, nil, body)
end
